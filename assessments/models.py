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
from assessments.organisations.models import Currency, Invitation, Membership, Organisation, Role, UserPreference
from assessments.programmes.models import Engagement, EngagementStatus, MonthlyActual, Notification, Programme
from assessments.roadmaps.models import Decision, NotificationKind, Roadmap, RoadmapNotification, RoadmapStatus

__all__ = [
    "MONEY",
    "SCORE_VALIDATORS",
    "Assessment",
    "AssessmentStatus",
    "BusinessFunction",
    "Currency",
    "Decision",
    "Engagement",
    "EngagementStatus",
    "ITCostArea",
    "Invitation",
    "Membership",
    "MonthlyActual",
    "Notification",
    "NotificationKind",
    "Organisation",
    "Programme",
    "Roadmap",
    "RoadmapNotification",
    "RoadmapStatus",
    "Role",
    "UserPreference",
]
