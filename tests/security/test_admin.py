"""The Django admin: staff only, the catalogue's import and export included, under the same
Content-Security-Policy as the app (Django 5.2's admin has no inline script)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.security.html import hygiene_problems, is_html

CATALOGUE_ADMIN = ("admin:providers_provider_import", "admin:providers_provider_changelist")
CATALOGUE_FILES = (
    ("admin:providers_provider_export", {"fmt": "csv"}),
    ("admin:providers_provider_export", {"fmt": "xlsx"}),
    ("admin:providers_provider_import_template", {"fmt": "xlsx"}),
)


def _admin_login(response) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path == reverse("admin:login")


@pytest.mark.parametrize("user_fixture", ["consultant", "manager"])
def test_non_staff_users_are_sent_to_the_admin_sign_in(request, client_for, user_fixture, world):
    client = client_for(request.getfixturevalue(user_fixture))
    urls = [reverse("admin:index"), *(reverse(name) for name in CATALOGUE_ADMIN)]
    urls += [reverse(name, kwargs=kwargs) for name, kwargs in CATALOGUE_FILES]
    urls += [reverse("admin:assessments_organisation_change", args=[world.own.organisation.pk])]
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert _admin_login(response), (user_fixture, method, url, response.status_code)


def test_anonymous_users_are_sent_to_the_admin_sign_in(client, db):
    for name in ("admin:index", *CATALOGUE_ADMIN):
        assert _admin_login(client.get(reverse(name))), name


def test_a_consultant_cannot_import_into_the_catalogue_through_the_admin(client_for, consultant, world):
    from providers.models import Provider

    before = Provider.objects.count()
    upload = ("catalogue.csv", b"slug,name\nevil,Evil\n")
    response = client_for(consultant).post(reverse("admin:providers_provider_import"), {"file": upload})
    assert _admin_login(response)
    assert Provider.objects.count() == before


def _admin_pages(administrator) -> list[str]:
    """The index, every registered model's list and add page, and a change and history page of each
    model that has a row in the fixtures."""
    urls = [reverse("admin:index"), *(reverse(name) for name in CATALOGUE_ADMIN)]
    request = RequestFactory().get("/admin/")
    request.user = administrator
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{base}_add"))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls.append(reverse(f"{base}_change", args=[instance.pk]))
            urls.append(reverse(f"{base}_history", args=[instance.pk]))
    return urls


def test_admin_pages_have_the_content_security_policy_and_no_inline_script(client_for, administrator, world):
    client = client_for(administrator)
    problems: list[str] = []
    checked = 0
    for url in _admin_pages(administrator):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if is_html(response):
            checked += 1
            problems.extend(f"{url}: {problem}" for problem in hygiene_problems(response))
    assert checked >= 20
    assert not problems, "\n".join(problems)
