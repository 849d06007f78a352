"""The models of the `assessments` app, defined in its sub-packages and gathered here so that
Django finds them under the one app label (tables and migrations are unchanged)."""

from assessments.capture.models import (
    MONEY,
    SCORE_VALIDATORS,
    Assessment,
    AssessmentStatus,
    BusinessFunction,
    ITCostArea,
)
from assessments.organisations.models import Currency, Membership, Organisation, Role, UserPreference
from assessments.roadmaps.models import Decision, Notification, NotificationKind, Roadmap, RoadmapStatus

__all__ = [
    "MONEY",
    "SCORE_VALIDATORS",
    "Assessment",
    "AssessmentStatus",
    "BusinessFunction",
    "Currency",
    "Decision",
    "ITCostArea",
    "Membership",
    "Notification",
    "NotificationKind",
    "Organisation",
    "Roadmap",
    "RoadmapStatus",
    "Role",
    "UserPreference",
]
