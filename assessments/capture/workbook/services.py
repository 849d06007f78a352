"""The workbook import as the capture views use it: an upload previewed, then confirmed.

The preview writes nothing; the confirm checks the kept preview's capabilities against the
catalogue again (it may have changed in between) and replaces the draft's lines all or nothing through
`assessments.capture.services.assessment_lines_import`.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.capture import services
from assessments.capture.selectors import capabilities_of_kind
from assessments.capture.workbook.preview import ImportPreview, import_preview, payload_validate, preview_payload
from assessments.models import Assessment
from providers.models import Kind

__all__ = ["ImportStale", "assessment_import_confirm", "assessment_import_preview", "import_payload"]


class ImportStale(services.AssessmentError):
    """The kept preview no longer validates (the catalogue changed since): upload again."""


def _capabilities() -> dict[str, Any]:
    return {
        "it_capabilities": capabilities_of_kind(kind=Kind.ITO),
        "bpo_capabilities": capabilities_of_kind(kind=Kind.BPO),
    }


def assessment_import_preview(*, assessment: Assessment, name: str, content: bytes) -> ImportPreview:
    """The upload `content` (file `name`) read and validated against the assessment's currency; nothing saved."""
    return import_preview(name=name, content=content, currency=assessment.currency, **_capabilities())


def import_payload(*, preview: ImportPreview) -> dict[str, list[dict[str, Any]]]:
    """A valid preview's lines as JSON-ready data to keep (in the session) until it is confirmed."""
    return preview_payload(preview)


def assessment_import_confirm(
    *, assessment: Assessment, user: User, lock_version: int, payload: Mapping[str, Sequence[Mapping[str, Any]]]
) -> ImportPreview:
    """Replace the draft's lines of each sheet in `payload` (kept from the preview), all or nothing.

    Returns the kept preview checked again (its `lines_for("it")` / `lines_for("bf")`: None for a sheet not
    imported). Raises ImportStale when a kept line's capability left the catalogue or a value no longer
    passes the models' checks, and the line service's AssessmentNotEditable or AssessmentConflict (the
    draft changed after the preview). The values are checked once, by the line service's model checks:
    the line form checked them for the preview and they stayed in the server-side session since.
    """
    stale = _("The catalogue changed since the preview and some rows no longer fit. Upload again.")
    preview = payload_validate(payload, **_capabilities())
    if preview.errors:
        raise ImportStale(stale)
    try:
        services.assessment_lines_import(
            assessment=assessment,
            user=user,
            lock_version=lock_version,
            it_cost_areas=preview.lines_for("it"),
            business_functions=preview.lines_for("bf"),
        )
    except ValidationError as error:  # a kept value the models no longer accept; nothing was written
        raise ImportStale(stale) from error
    return preview
