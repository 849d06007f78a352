"""Build the stored shortlist criteria of every region's candidates now (assessments/roadmaps/candidates.py).

The rows are derived data, rebuilt on first use after any catalogue write (the database's triggers
raise the catalogue revision); this command builds them all at once, e.g. after a deployment or a large
import, so the next roadmap inputs read them instead of building them."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from assessments.roadmaps.candidates import catalogue_candidates_rebuild


class Command(BaseCommand):
    help = "Build the stored shortlist criteria of every region and capability at the current catalogue revision."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            rows = catalogue_candidates_rebuild()
        self.stdout.write(f"{rows} region and capability rows built.")
