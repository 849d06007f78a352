"""Parameter values shown on dashboards and comparisons use the reader's decimal separator:
"3.5 %" in English is "3,5 %" in Indonesian, never an English decimal point."""

from django.utils import translation

from assessments.roadmaps.parameter_presenter import parameter_rows


def _shown(language: str) -> dict[str, str]:
    parameters = {"discount_rate": 0.11, "selection_cost_fraction": 0.035, "solver_time_limit_seconds": 10.5}
    with translation.override(language):
        return {row["key"]: row["shown"] for row in parameter_rows(parameters)}


def test_percentages_and_decimals_follow_the_readers_language():
    english, indonesian = _shown("en"), _shown("id")
    assert english["discount_rate"] == "11 %"
    assert indonesian["discount_rate"] == "11 %"
    assert english["selection_cost_fraction"] == "3.5 %"
    assert indonesian["selection_cost_fraction"] == "3,5 %"
    assert english["solver_time_limit_seconds"] == "10.5"
    assert indonesian["solver_time_limit_seconds"] == "10,5"
