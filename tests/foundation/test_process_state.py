"""The suite passes in any order: no test inherits the language, time zone, URLconf, cache or
Celery settings a previous test left behind (tests/conftest.py resets them around each test).

Each of the two runs below starts by checking the defaults and ends by leaving everything
changed, so whichever runs second fails if the reset is missing, in any order."""

import zoneinfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import get_urlconf, reverse, set_urlconf
from django.utils import timezone, translation

from outsourcing.celery import app as celery_app


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_starts_from_the_process_defaults_and_may_leave_them_changed(run, client, db):
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
    assert get_urlconf() is None
    assert cache.get("left-behind") is None
    assert celery_app.conf.broker_url != "memory://left-behind"

    # What a request in Indonesian and a careless test leave behind.
    client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="id")
    translation.activate("id")
    timezone.activate(zoneinfo.ZoneInfo("Europe/London"))
    set_urlconf("outsourcing.urls")
    cache.set("left-behind", run)
    celery_app.conf.broker_url = "memory://left-behind"
    assert translation.get_language() == "id"
