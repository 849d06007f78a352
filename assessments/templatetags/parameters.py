"""An assessment's cost parameters for templates, grouped, labelled and with their units:
`{% load parameters %}{% for group in assessment|cost_parameter_groups %}`.

The one presenter is assessments/roadmaps/parameter_presenter.py (`assessment_cost_parameter_groups`)."""

from typing import Any

from django import template

from assessments.roadmaps.parameter_presenter import assessment_cost_parameter_groups

register = template.Library()


@register.filter
def cost_parameter_groups(assessment: Any) -> list[dict[str, Any]]:
    """The assessment's cost parameters by group: title, then rows of label and value with its unit."""
    return assessment_cost_parameter_groups(assessment=assessment)
