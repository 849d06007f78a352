"""Notices about decisions: in the app (RoadmapNotification rows) and by e-mail through Django's mail settings.

A manager of the organisation hears when a roadmap awaits a decision; the consultant who asked
for the roadmap (else the organisation's consultants) hears when it is approved or rejected,
with the manager's comment. E-mail failures are logged and never undo the decision.

Each e-mail is written in its reader's language (the language stored in their preferences,
else the site's LANGUAGE_CODE) and links to the roadmap by its full address (settings.SITE_URL).
A notice that a roadmap awaits a decision is marked read once that roadmap, or another roadmap
of its assessment, is approved, or that roadmap is rejected (`awaiting_notifications_resolve`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import (
    Decision,
    Membership,
    NotificationKind,
    Roadmap,
    RoadmapNotification,
    Role,
    UserPreference,
)

logger = logging.getLogger(__name__)

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextmanager
def notifications_muted() -> Iterator[None]:
    """No notice is created or mailed inside this block (seeding demo data is not news)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _members(*, roadmap: Roadmap, role: str) -> list[User]:
    memberships = Membership.objects.filter(organisation_id=roadmap.assessment.organisation_id, role=role)
    return [membership.user for membership in memberships.select_related("user")]


def _subject_and_body(*, roadmap: Roadmap, kind: str, comment: str) -> tuple[str, str]:
    label = f"{roadmap.assessment.title} v{roadmap.assessment.version}"
    if roadmap.name:
        label = f"{label} · {roadmap.name}"
    address = settings.SITE_URL + reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    subjects = {
        NotificationKind.AWAITING_DECISION: _("Roadmap awaits your decision: %(label)s"),
        NotificationKind.APPROVED: _("Roadmap approved: %(label)s"),
        NotificationKind.REJECTED: _("Roadmap rejected: %(label)s"),
    }
    subject = subjects[NotificationKind(kind)] % {"label": label}
    body = subject + "\n\n" + _("Open it in Sourcing Navigator: %(address)s") % {"address": address}
    if comment:
        body += "\n\n" + _("Comment: %(comment)s") % {"comment": comment}
    return subject, body


def notifications_send(*, roadmap: Roadmap, kind: str, users: list[User], comment: str = "") -> int:
    """Create one RoadmapNotification per user and e-mail those with an address; returns the number notified.

    `kind` is a NotificationKind value. Mail goes through EMAIL_BACKEND from DEFAULT_FROM_EMAIL;
    a mail error is logged, never raised. Nothing is sent inside `notifications_muted()`.
    """
    if _muted.get():
        return 0
    users = [user for user in users if user.is_active]
    RoadmapNotification.objects.bulk_create(
        [RoadmapNotification(user=user, roadmap=roadmap, kind=kind, comment=comment) for user in users]
    )
    languages = users_language_get(users=[user for user in users if user.email])
    for user in users:
        if not user.email:
            continue
        with translation.override(languages[user.pk]):
            subject, body = _subject_and_body(roadmap=roadmap, kind=kind, comment=comment)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except Exception:
            logger.exception("notification e-mail to user %s failed", user.pk)
    return len(users)


def users_language_get(*, users: list[User]) -> dict[int, str]:
    """{user pk: language code} for e-mails to `users`: each one's stored preference, else the
    site's LANGUAGE_CODE (a mail is read away from any request). One query."""
    stored = dict(
        UserPreference.objects.filter(user__in=[user.pk for user in users])
        .exclude(language="")
        .values_list("user_id", "language")
    )
    return {user.pk: stored.get(user.pk) or settings.LANGUAGE_CODE for user in users}


def awaiting_notifications_resolve(*, roadmap: Roadmap, decision: str) -> int:
    """Marks read the unread "awaits a decision" notices that `decision` on `roadmap` settles, and
    returns how many: the roadmap's own, and when it is approved those of every roadmap of its
    assessment too (only one roadmap of an assessment can be approved)."""
    if decision == Decision.APPROVED:
        scope = RoadmapNotification.objects.filter(roadmap__assessment_id=roadmap.assessment_id)
    else:
        scope = RoadmapNotification.objects.filter(roadmap_id=roadmap.pk)
    return scope.filter(kind=NotificationKind.AWAITING_DECISION, read_at__isnull=True).update(read_at=timezone.now())


def roadmap_awaiting_decision_notify(*, roadmap: Roadmap) -> int:
    """Tell the organisation's managers that a computed roadmap awaits their decision; nobody is
    told when another roadmap of its assessment is already approved (there is nothing to decide)."""
    if (
        Roadmap.objects.filter(assessment_id=roadmap.assessment_id, decision=Decision.APPROVED)
        .exclude(pk=roadmap.pk)
        .exists()
    ):
        return 0
    return notifications_send(
        roadmap=roadmap, kind=NotificationKind.AWAITING_DECISION, users=_members(roadmap=roadmap, role=Role.MANAGER)
    )


def roadmap_decided_notify(*, roadmap: Roadmap) -> int:
    """Tell the consultant who asked for the roadmap (else the organisation's consultants) the decision."""
    kind = NotificationKind.APPROVED if roadmap.decision == "approved" else NotificationKind.REJECTED
    requester = roadmap.requested_by
    users = [requester] if requester is not None else _members(roadmap=roadmap, role=Role.CONSULTANT)
    return notifications_send(roadmap=roadmap, kind=kind, users=users, comment=roadmap.decision_comment)
