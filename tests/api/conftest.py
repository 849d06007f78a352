from tests.programmes.conftest import approved_roadmap, programme  # noqa: F401 - shared fixtures
