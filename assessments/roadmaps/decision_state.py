"""A roadmap's decision state as every page and export shows it, in one place.

A roadmap is approved, rejected, awaiting a decision, or *not chosen*: still undecided while
another roadmap of the same assessment was approved (only one roadmap of an assessment can be).
The approved sibling is read by `approved_sibling_annotate`, two subqueries inside the query
that fetches the roadmaps (no query of its own, so list pages keep a constant query count);
`roadmap_decision_state` then words the state without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.db.models import Model, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from assessments.models import Decision, Roadmap

DecisionCode = Literal["approved", "rejected", "pending", "not_chosen"]

# Attributes set by `approved_sibling_annotate` on each roadmap.
SIBLING_PK = "approved_sibling_pk"
SIBLING_NAME = "approved_sibling_name"

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class DecisionState:
    """How a roadmap's decision reads.

    `code`: "approved", "rejected", "pending" or "not_chosen". `approved_pk` / `approved_name`:
    the roadmap of the same assessment that was approved instead (only for "not_chosen"; the
    name is "" for a base roadmap).
    """

    code: DecisionCode
    approved_pk: int | None = None
    approved_name: str = ""

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The short state in the active language ("Not chosen: another roadmap was approved")."""
        labels = {
            "approved": _("Approved"),
            "rejected": _("Rejected"),
            "pending": _("Awaiting decision"),
            "not_chosen": _("Not chosen: another roadmap was approved"),
        }
        return labels[self.code]

    @property
    def approved_label(self) -> str:
        """The approved sibling as a reader names it: 'scenario “X”' or 'the base roadmap' ("" if none)."""
        if self.approved_pk is None:
            return ""
        if self.approved_name:
            return _("scenario “%(name)s”") % {"name": self.approved_name}
        return _("the base roadmap")

    @property
    def badge_class(self) -> str:
        """The Bootstrap badge class of the state."""
        return {
            "approved": "text-bg-success",
            "rejected": "text-bg-danger",
            "pending": "text-bg-warning",
            "not_chosen": "text-bg-secondary",
        }[self.code]


def approved_sibling_annotate(*, queryset: QuerySet[_M], prefix: str = "") -> QuerySet[_M]:
    """`queryset` (of Roadmap, or of a model reaching it through `prefix`, e.g. "roadmap__") with
    `approved_sibling_pk` and `approved_sibling_name`: another approved roadmap of the same
    assessment, else None. Subqueries in the same SQL statement: no extra query."""
    approved = (
        Roadmap.objects.filter(assessment_id=OuterRef(f"{prefix}assessment_id"), decision=Decision.APPROVED)
        .exclude(pk=OuterRef(f"{prefix}pk"))
        .order_by("-decided_at", "-pk")
    )
    return queryset.annotate(
        **{
            SIBLING_PK: Subquery(approved.values("pk")[:1]),
            SIBLING_NAME: Subquery(approved.values("name")[:1]),
        }
    )


def roadmap_decision_state(*, roadmap: Any) -> DecisionState:
    """The decision state of `roadmap` (no query).

    `roadmap` is a Roadmap fetched through `approved_sibling_annotate`. A roadmap decided itself
    keeps its own decision; an undecided one whose sibling is approved is "not_chosen".
    Raises AttributeError when the roadmap was not annotated (showing "Awaiting decision" for a
    roadmap whose sibling was approved is the defect this module exists to prevent).
    """
    if roadmap.decision == Decision.APPROVED:
        return DecisionState(code="approved")
    if roadmap.decision == Decision.REJECTED:
        return DecisionState(code="rejected")
    sibling_pk = getattr(roadmap, SIBLING_PK)
    if sibling_pk is not None:
        return DecisionState(
            code="not_chosen", approved_pk=sibling_pk, approved_name=getattr(roadmap, SIBLING_NAME) or ""
        )
    return DecisionState(code="pending")
