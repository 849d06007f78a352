from django.core.management.base import BaseCommand

from providers.seed import seed_reference_data


class Command(BaseCommand):
    help = (
        "Load the reference data every installation needs (regions, certifications, the capability taxonomy "
        "with its default benchmarks, the administrator group's catalogue permissions). Idempotent; never "
        "overwrites figures an administrator has edited."
    )

    def handle(self, *args, **options) -> None:
        seed_reference_data()
        self.stdout.write(self.style.SUCCESS("Reference data is ready."))
