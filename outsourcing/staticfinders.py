"""Serve vendored front-end files straight from their pip packages.

Bootstrap comes from xstatic-bootstrap, pinned by requirements.txt, so nothing is
fetched from a CDN. Only the files we use are exposed. Tabulator (the line grid) and
plotly.js come from npm (both MIT licence): `make install` runs `npm ci` into
node_modules/, pinned by package-lock.json. Of plotly.js we serve the "basic" partial
bundle (scatter, bar and pie traces, 1.2 MB instead of the full 4.8 MB bundle): the
charts in assessments/roadmaps/charts.py draw only scatter and bar traces; a test
checks that no other trace type is built. Its version follows the plotly Python
package's bundled plotly.js (4.1.1 with plotly 7.1).
"""

from pathlib import Path

import xstatic.pkg.bootstrap
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

_BOOTSTRAP = Path(xstatic.pkg.bootstrap.BASE_DIR)
_NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
_PLOTLY = _NODE_MODULES / "plotly.js-basic-dist-min"
_TABULATOR = _NODE_MODULES / "tabulator-tables" / "dist"

VENDOR_FILES: dict[str, Path] = {
    "vendor/bootstrap/css/bootstrap.min.css": _BOOTSTRAP / "css" / "bootstrap.min.css",
    "vendor/bootstrap/css/bootstrap.min.css.map": _BOOTSTRAP / "css" / "bootstrap.min.css.map",
    "vendor/bootstrap/js/bootstrap.bundle.min.js": _BOOTSTRAP / "js" / "bootstrap.bundle.min.js",
    "vendor/bootstrap/js/bootstrap.bundle.min.js.map": _BOOTSTRAP / "js" / "bootstrap.bundle.min.js.map",
    "vendor/plotly/plotly-basic.min.js": _PLOTLY / "plotly-basic.min.js",
    "vendor/tabulator/js/tabulator.min.js": _TABULATOR / "js" / "tabulator.min.js",
    "vendor/tabulator/css/tabulator_bootstrap5.min.css": _TABULATOR / "css" / "tabulator_bootstrap5.min.css",
    # The source maps the two files name: the hashed-name storage of production rewrites those references.
    "vendor/tabulator/js/tabulator.min.js.map": _TABULATOR / "js" / "tabulator.min.js.map",
    "vendor/tabulator/css/tabulator_bootstrap5.min.css.map": _TABULATOR / "css" / "tabulator_bootstrap5.min.css.map",
}


class _SingleFileStorage(FileSystemStorage):
    def __init__(self, source: Path, name: str) -> None:
        super().__init__(location=str(source.parent))
        self.prefix = str(Path(name).parent)


class VendorFinder(BaseFinder):
    def check(self, **kwargs):
        missing = [name for name, path in VENDOR_FILES.items() if not path.is_file()]
        if missing:
            from django.core.checks import Error

            return [Error(f"Vendored static file missing: {name}", id="outsourcing.E001") for name in missing]
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        source = VENDOR_FILES.get(path)
        if source is None or not source.is_file():
            return [] if find_all else None
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for name, source in VENDOR_FILES.items():
            yield source.name, _SingleFileStorage(source, name)
