"""The user's language choice, stored so it follows them to any browser."""

from django.conf import settings
from django.contrib.auth.models import User

from assessments.models import UserPreference

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def user_language_set(*, user: User, language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"Unsupported language: {language!r}")
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})


def user_language_get(*, user: User) -> str | None:
    """The stored choice, or None to fall back to the browser's Accept-Language."""
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return language or None
