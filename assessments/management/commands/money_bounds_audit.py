"""List stored amounts outside the money bound (outsourcing.money_bounds): at or beyond 2**53.

Forms, the API, imports and the model validators refuse such amounts since the bound was introduced;
rows written before (or by raw SQL) may still hold them, and on SQLite a page reading one fails
(Django's decimal converter: InvalidOperation). This command only lists them (model, primary key, field)
so a person can correct each at its source: nothing is changed, clipped or emptied silently."""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from outsourcing.money_bounds import MONEY_LIMIT, money_bounds_validate


def money_out_of_bounds_list() -> list[tuple[str, Any, str]]:
    """(model label, primary key, field name) of every stored amount at or beyond 2**53 in a column that
    keeps the bound. Reads primary keys only, so the out-of-range values are never converted."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if money_bounds_validate not in field.validators:
                continue
            beyond = Q(**{f"{field.name}__gte": MONEY_LIMIT}) | Q(**{f"{field.name}__lte": -MONEY_LIMIT})
            for pk in model._default_manager.filter(beyond).values_list("pk", flat=True).order_by("pk"):
                found.append((model._meta.label, pk, field.name))
    return found


class Command(BaseCommand):
    help = (
        "List stored amounts at or beyond 2^53 (model, id, field); changes nothing. "
        "With --fail, exit with an error when there is one (for a deployment check)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fail", action="store_true", help="Exit with an error when an amount is out of range.")

    def handle(self, *args: Any, **options: Any) -> None:
        found = money_out_of_bounds_list()
        for label, pk, name in found:
            self.stdout.write(f"{label} {pk} {name}")
        self.stdout.write(f"{len(found)} amount(s) at or beyond 2^53.")
        if found and options["fail"]:
            raise CommandError(f"{len(found)} stored amount(s) at or beyond 2^53: correct them at their source.")
