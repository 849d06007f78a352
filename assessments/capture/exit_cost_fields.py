"""Each line's own exit costs as model fields: the current contract's termination fee and the remaining book
value of its assets and licences (money, optional; empty = the assessment-wide figure, engine/costs.py).

Shared by IT cost areas and business functions (assessments.capture.models), which pass their money digits.
"""

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

EXIT_COST_FIELDS = ("termination_fee", "stranded_book_value")


def termination_fee_field(**digits: Any) -> models.DecimalField:
    return models.DecimalField(
        _("termination fee"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "What ending the line's current contract costs (fee or notice), paid when the deal starts; "
            "empty = the assessment's months of run cost."
        ),
        **digits,
    )


def stranded_book_value_field(**digits: Any) -> models.DecimalField:
    return models.DecimalField(
        _("stranded book value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Remaining book value of the line's assets and licences that outsourcing makes redundant, written off "
            "when benefits begin; empty = the assessment's stranded cost fraction."
        ),
        **digits,
    )


def exit_cost_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Each exit cost is empty or at least 0 (constraint names `<prefix>_<field>_nonnegative`)."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}), name=f"{prefix}_{name}_nonnegative"
        )
        for name in EXIT_COST_FIELDS
    ]
