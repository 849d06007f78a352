from tests.programmes.conftest import approved_roadmap, ids, programme  # noqa: F401 - shared fixtures
