from django.core.management.base import BaseCommand

from assessments.capture.seed import demo_assessments_seed
from assessments.organisations.demo import DEMO_USERS, demo_organisations_seed, demo_users_seed
from assessments.roadmaps.notifications import notifications_muted
from assessments.roadmaps.pipeline import roadmap_compute
from assessments.roadmaps.pipeline_selectors import roadmap_latest_base
from providers.demo import demo_catalogue_seed
from providers.seed import seed_capabilities, seed_catalogue_permissions, seed_certifications, seed_regions


class Command(BaseCommand):
    help = "Create demo users, organisations, the starter catalogue and demo assessments (idempotent)."

    def handle(self, *args, **options) -> None:
        # Demo data is not news: no notice is created or mailed while it is seeded.
        with notifications_muted():
            self._seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000 as:"))
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.group:<14} {spec.username} / {spec.password}")

    def _seed(self) -> None:
        seed_regions()
        seed_certifications()
        seed_capabilities()
        seed_catalogue_permissions()
        demo_catalogue_seed()
        users = demo_users_seed()
        organisations = demo_organisations_seed(users=users)
        assessments = demo_assessments_seed(consultant=users["consultant"], organisations=organisations)
        # Compute here rather than wait for a worker, so the app opens on finished roadmaps
        # even when a broker is configured and no worker runs yet. Idempotent: a roadmap
        # that is already done (or being computed by a worker) is left alone.
        for assessment in assessments:
            roadmap = roadmap_latest_base(assessment=assessment, done_only=False)
            if roadmap is not None:
                roadmap_compute(roadmap_id=roadmap.pk)
