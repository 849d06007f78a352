"""The file name of a roadmap's export: assessment, version, scenario and roadmap id, slugged."""

from __future__ import annotations

from django.utils.text import slugify

from assessments.models import Roadmap


def export_filename(roadmap: Roadmap, suffix: str) -> str:
    assessment = roadmap.assessment
    parts = [slugify(assessment.title)[:40] or "assessment", f"v{assessment.version}"]
    if roadmap.name:
        parts.append(slugify(roadmap.name)[:40] or "scenario")
    parts.append(f"roadmap-{roadmap.pk}")
    return "-".join(parts) + f".{suffix}"
