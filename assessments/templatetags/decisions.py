"""A roadmap's decision state for templates: `{% load decisions %}{% with state=roadmap|decision_state %}`.

The one wording is assessments/roadmaps/decision_state.py (`roadmap_decision_state`); the roadmap
must come from a query annotated by `approved_sibling_annotate` (no query here)."""

from typing import Any

from django import template

from assessments.roadmaps.decision_state import DecisionState, roadmap_decision_state

register = template.Library()


@register.filter
def decision_state(roadmap: Any) -> DecisionState:
    """The roadmap's DecisionState (approved, rejected, pending or not chosen)."""
    return roadmap_decision_state(roadmap=roadmap)
