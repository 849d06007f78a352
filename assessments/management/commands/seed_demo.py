import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.capture.seed import demo_assessments_seed
from assessments.organisations.demo import DEMO_USERS, demo_organisations_seed, demo_users_seed
from assessments.programmes.seed import demo_programme_seed
from assessments.roadmaps.notifications import notifications_muted
from assessments.roadmaps.pipeline_selectors import roadmap_latest_base
from assessments.roadmaps.pipeline_services import roadmap_compute
from providers.demo import demo_catalogue_seed
from providers.seed import seed_capabilities, seed_catalogue_permissions, seed_certifications, seed_regions


def _production() -> bool:
    """Debug off and not under the test runner: a real deployment's database."""
    return not settings.DEBUG and not getattr(settings, "TESTING", False)


class Command(BaseCommand):
    help = (
        "Create demo users, organisations, the starter catalogue and demo assessments (idempotent). "
        "Refuses to run with debug off unless --force; then the demo users get random passwords, printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DJANGO_DEBUG off. The demo users then get random passwords, printed once.",
        )

    def handle(self, *args, **options) -> None:
        production = _production()
        if production and not options["force"]:
            raise CommandError(
                "seed_demo adds demo users with published passwords and is meant for development "
                "(DJANGO_DEBUG=1). To seed a database with debug off anyway, run it with --force: "
                "the demo users then get random passwords, printed once."
            )
        # Never a published password (the administrator is a superuser) on a production database.
        passwords = {spec.username: secrets.token_urlsafe(15) for spec in DEMO_USERS} if production else {}
        # Demo data is not news: no notice is created or mailed while it is seeded.
        with notifications_muted():
            users = self._seed(passwords=passwords)
        if production:
            self.stdout.write(self.style.WARNING("Demo data is ready. Random passwords, shown only this once:"))
            for spec in DEMO_USERS:
                password = passwords[spec.username]
                shown = password if users[spec.username].check_password(password) else "(unchanged: its own password)"
                self.stdout.write(f"  {spec.group:<14} {spec.username} / {shown}")
            return
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000 as:"))
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.group:<14} {spec.username} / {spec.password}")

    def _seed(self, *, passwords: dict[str, str]) -> dict:
        seed_regions()
        seed_certifications()
        seed_capabilities()
        seed_catalogue_permissions()
        demo_catalogue_seed()
        users = demo_users_seed(passwords=passwords)
        organisations = demo_organisations_seed(users=users)
        assessments = demo_assessments_seed(consultant=users["consultant"], organisations=organisations)
        # Compute here rather than wait for a worker, so the app opens on finished roadmaps
        # even when a broker is configured and no worker runs yet. Idempotent: a roadmap
        # that is already done (or being computed by a worker) is left alone.
        for assessment in assessments:
            roadmap = roadmap_latest_base(assessment=assessment, done_only=False)
            if roadmap is not None:
                roadmap_compute(roadmap_id=roadmap.pk)
        # One programme under way (the euro organisation's, so the rupiah roadmap stays open to a
        # decision): the gate opened late and one BPO engagement is at risk.
        under_way = next((a for a in assessments if a.currency != "IDR"), None)
        if under_way is not None:
            demo_programme_seed(assessment=under_way, manager=users["manager"])
        return users
