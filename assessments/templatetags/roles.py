"""Role names for templates: `{% load roles %}{{ member.role|role_label }}`, from the one mapping in
assessments/organisations/access.py (ROLE_LABELS), in the reader's language."""

from collections.abc import Mapping

from django import template

from assessments.organisations.access import role_label as access_role_label

register = template.Library()


@register.filter
def role_label(role: str | None) -> str:
    """'consultant', 'manager' or 'administrator' as the reader calls it ("Consultant", "Manajer")."""
    return access_role_label(role=role)


# The navigation's flags (selectors.role_flags) and the role each stands for, in the order shown.
NAV_FLAGS = (("is_consultant", "consultant"), ("is_manager", "manager"), ("is_administrator", "administrator"))


@register.filter
def nav_role_labels(flags: Mapping[str, bool] | None) -> str:
    """The user's roles from the navigation's flags, as the reader calls them: "Consultant · Manager"
    ("" for none). Reads the flags the navigation already fetched (no query of its own)."""
    if not flags:
        return ""
    return " · ".join(access_role_label(role=role) for flag, role in NAV_FLAGS if flags.get(flag))
