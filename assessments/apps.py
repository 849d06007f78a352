from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments and roadmaps")

    def ready(self) -> None:
        # Register the pipeline's Celery tasks (a sub-package, so Celery's autodiscovery of
        # `assessments.tasks` would not find them); the services queue them by name.
        from assessments.roadmaps import tasks  # noqa: F401
