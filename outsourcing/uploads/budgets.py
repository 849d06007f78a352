"""The limits every upload is read under (ASVS 5.0 V5 file handling, V15 resource limits).

Work is proportional to the data present, never to what a file declares: a reader
counts what it actually meets and stops at the first budget it exceeds, with a
message that names the budget. Each figure is a setting with an environment
override (see `outsourcing/settings.py` and the README's "Security and reliability").
"""

import time
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Budgets:
    """Limits for one upload.

    - `max_bytes`: the uploaded file's size, bytes.
    - `max_rows`: rows *with data* (blank and formatted-but-empty rows are free).
    - `max_rows_scanned`: rows met at all (CSV lines, XLSX rows holding any cell), a cap on work.
    - `max_columns`: the highest column that may hold data.
    - `max_cells`: cells read (XLSX cells and shared strings, CSV fields).
    - `max_uncompressed_bytes`: what a workbook may expand to, by its zip directory and as read.
    - `max_errors`: row errors collected before checking stops ("stopped after N").
    - `max_seconds`: wall time for reading and checking, seconds.
    """

    max_bytes: int
    max_rows: int
    max_rows_scanned: int
    max_columns: int
    max_cells: int
    max_uncompressed_bytes: int
    max_errors: int
    max_seconds: float

    @classmethod
    def from_settings(cls) -> "Budgets":
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_rows_scanned=settings.UPLOAD_MAX_ROWS_SCANNED,
            max_columns=settings.UPLOAD_MAX_COLUMNS,
            max_cells=settings.UPLOAD_MAX_CELLS,
            max_uncompressed_bytes=settings.UPLOAD_MAX_UNCOMPRESSED_BYTES,
            max_errors=settings.UPLOAD_MAX_ERRORS,
            max_seconds=settings.UPLOAD_MAX_SECONDS,
        )


class UploadRefused(Exception):
    """The whole file is refused; `message` (translated) says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Deadline:
    """Wall-time budget: `check()` raises UploadRefused once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            from django.utils.translation import gettext as _

            raise UploadRefused(
                _("Reading the file took longer than %(seconds)s seconds; split it into smaller files.")
                % {"seconds": f"{self.seconds:g}"}
            )
