"""Fixtures of the failure drills (tests/reliability)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every test user's password is hashed when it is created; the production hasher is slow on
    # purpose. The drills are about failures, not password storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
