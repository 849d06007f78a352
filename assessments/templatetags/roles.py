"""Role names for templates: `{% load roles %}{{ member.role|role_label }}`, from the one mapping in
assessments/organisations/access.py (ROLE_LABELS), in the reader's language."""

from django import template

from assessments.organisations.access import role_label as access_role_label

register = template.Library()


@register.filter
def role_label(role: str | None) -> str:
    """'consultant', 'manager' or 'administrator' as the reader calls it ("Consultant", "Manajer")."""
    return access_role_label(role=role)
