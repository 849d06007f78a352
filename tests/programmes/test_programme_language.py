"""Programme pages in the reader's language (tester's report items 5, 6, 9, 10): capability names
translated from the capability, not the stored English label; success-test figures as money in the
reader's locale; Indonesian terms "perikatan" and "peta jalan"; the shortlist by provider name with
the shortlisted providers first; money never split between its currency and its digits."""

import re
from typing import Any, cast

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from assessments.models import Engagement
from assessments.programmes.forms import EngagementForm
from assessments.programmes.presenter import (
    amount_bn,
    engagement_label,
    engagement_labels,
    notification_text,
    success_reason,
)
from assessments.programmes.realisation import SuccessResult
from outsourcing.money import money_format
from providers.models import Capability, Provider

NBSP = "\u00a0"
# A currency marker followed by an ordinary (breakable) space and a digit or a minus sign.
SPLIT_MONEY = re.compile(r"(?:IDR|Rp|EUR|€|US\$|S\$) [\d-]")


def _get(client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    return response.content.decode()


def _translated_names(programme) -> dict[str, tuple[str, str]]:
    """English and Indonesian capability names of the programme's engagements, by capability code."""
    names = {}
    for capability in Capability.objects.filter(code__in=programme.engagements.values("capability")):
        with translation.override("id"):
            names[capability.code] = (capability.name, translation.gettext(capability.name))
    return names


@pytest.mark.django_db
def test_the_indonesian_programme_pages_name_capabilities_in_indonesian(programme, consultant, client_for):
    client = client_for(consultant)
    names = _translated_names(programme)
    different = {code: pair for code, pair in names.items() if pair[0] != pair[1]}
    assert "payroll" in different  # Payroll / Penggajian: the test can tell the languages apart
    detail = _get(client, reverse("assessments:programme_detail", args=[programme.pk]), "id")
    grid = _get(client, reverse("assessments:programme_actuals", args=[programme.pk]), "id")
    for code, (english, indonesian) in different.items():
        assert indonesian in detail, code
        assert indonesian in grid, code
        assert f">{english}<" not in detail, code
        assert f">{english} <" not in grid, code
    bpo = programme.engagements.get(capability="payroll")
    form = _get(client, reverse("assessments:programme_engagement_edit", args=[programme.pk, bpo.pk]), "id")
    assert '<h1 class="h3">Penggajian' in form
    english = _get(client, reverse("assessments:programme_detail", args=[programme.pk]), "en")
    assert ">Payroll<" in english


@pytest.mark.django_db
def test_the_indonesian_programme_page_says_perikatan_and_peta_jalan(programme, consultant, client_for):
    html = _get(client_for(consultant), reverse("assessments:programme_detail", args=[programme.pk]), "id")
    assert "Peta jalan yang disetujui" in html
    assert "Roadmap yang disetujui" not in html
    assert '<th scope="col">Perikatan</th>' in html
    assert ">Engagement<" not in html


@pytest.mark.django_db
def test_programme_pages_never_split_money_between_currency_and_digits(programme, consultant, client_for):
    client = client_for(consultant)
    for language, marker in (("en", "IDR"), ("id", "Rp")):
        html = _get(client, reverse("assessments:programme_detail", args=[programme.pk]), language)
        assert f"{marker}{NBSP}" in html, language
        assert not SPLIT_MONEY.search(html), SPLIT_MONEY.search(html)


def test_the_money_filters_join_currency_and_amount_with_a_no_break_space():
    template = Template("{% load money %}{{ a|money:'IDR' }}|{{ b|money_delta:'EUR' }}|{{ c|money_delta:'IDR' }}")
    with translation.override("en"):
        assert template.render(Context({"a": 1500, "b": -20, "c": 7})) == f"IDR{NBSP}1,500|-EUR{NBSP}20|+IDR{NBSP}7"
    with translation.override("id"):
        assert template.render(Context({"a": 1500, "b": -20, "c": 7})) == f"Rp{NBSP}1.500|-€{NBSP}20|+Rp{NBSP}7"
        assert money_format(8.95, "EUR", decimals=2) == f"€{NBSP}8,95"


def test_large_programme_amounts_are_in_the_readers_locale_and_currency_and_do_not_break():
    with translation.override("id"):
        assert amount_bn(3_125_000_000, "IDR") == f"Rp{NBSP}3,1{NBSP}M"
        assert amount_bn(87_318, "EUR") == f"€{NBSP}87.318"
        assert amount_bn(None, "EUR") == "–"
    with translation.override("en"):
        assert amount_bn(2_500_000, "EUR") == f"EUR{NBSP}2.5{NBSP}m"


def test_the_success_test_gives_its_figures_in_the_readers_locale_with_the_currency():
    result = SuccessResult(
        state="at_risk",
        code="measure_below_target",
        params=(("measure", "cost_per_transaction"), ("actual", 8.95), ("target", 8.61)),
    )
    with translation.override("id"):
        text = success_reason(result, currency="EUR")
    assert f"(€{NBSP}8,95)" in text
    assert f"(€{NBSP}8,61)" in text
    with translation.override("en"):
        assert "(EUR\u00a08.95)" in success_reason(result, currency="EUR")
    rate = SuccessResult(
        state="at_risk",
        code="no_better_than_baseline",
        params=(("measure", "error_rate_percent"), ("actual", 2.5), ("baseline", 2.25)),
    )
    with translation.override("id"):
        assert "(2,50)" in success_reason(rate, currency="EUR")
        assert "(2,25)" in success_reason(rate, currency="EUR")


def test_an_engagement_label_translates_its_capability_and_keeps_the_number_and_the_fallback():
    with translation.override("id"):
        assert engagement_label(label="Accounting", capability_name="Accounting") == "Akuntansi"
        assert engagement_label(label="Accounting (2)", capability_name="Accounting") == "Akuntansi (2)"
        # The capability was renamed since the programme started, or is gone: the stored label.
        assert engagement_label(label="Accounting", capability_name="Finance shared services") == "Accounting"
        assert engagement_label(label="Accounting", capability_name=None) == "Accounting"
        # An administrator's own capability name has no translation: it reads as typed.
        assert engagement_label(label="Kebun sawit", capability_name="Kebun sawit") == "Kebun sawit"


@pytest.mark.django_db
def test_engagement_labels_read_the_capability_names_in_one_query(programme, django_assert_num_queries):
    engagements = list(programme.engagements.all())
    with translation.override("id"), django_assert_num_queries(1):
        labels = engagement_labels(engagements=engagements)
    payroll = next(e for e in engagements if e.capability == "payroll")
    assert labels[payroll.pk] == "Penggajian"


@pytest.mark.django_db
def test_a_notification_about_an_engagement_names_it_in_the_readers_language(programme):
    payroll = programme.engagements.get(capability="payroll")
    params = {
        "engagement": payroll.label,
        "capability": "payroll",
        "reason": "benefit_below_plan",
        "facts": {"realised": 1_000_000.0, "planned": 3_000_000.0},
    }
    with translation.override("id"):
        subject, body = notification_text(code="engagement_at_risk", params=params, programme=programme)
    assert "Penggajian" in subject
    assert "Payroll" not in subject
    assert f"Rp{NBSP}1,0{NBSP}jt" in body
    # A notification stored before the capability was recorded in it: the stored label.
    old = {key: value for key, value in params.items() if key != "capability"}
    with translation.override("id"):
        assert "Payroll" in notification_text(code="engagement_at_risk", params=old, programme=programme)[0]


@pytest.mark.django_db
def test_the_engagement_form_shows_the_shortlist_by_name_and_offers_it_first(programme, manager, client_for):
    payroll = programme.engagements.get(capability="payroll")
    assert payroll.shortlist, "the payroll engagement has a shortlist to show"
    Provider.objects.create(name="Aardvark Outsourcing", slug="aardvark")  # first by name, not shortlisted
    names = dict(Provider.objects.values_list("slug", "name"))
    form = EngagementForm(instance=payroll)
    choices = list(cast(Any, form.fields["provider"]).choices)
    assert choices[0][0] == ""
    assert str(choices[1][0]) == "Shortlisted"
    assert [name for _pk, name in choices[1][1]] == [names[slug] for slug in payroll.shortlist]
    assert str(choices[2][0]) == "Other providers"
    assert "Aardvark Outsourcing" in [name for _pk, name in choices[2][1]]
    html = _get(
        client_for(manager), reverse("assessments:programme_engagement_edit", args=[programme.pk, payroll.pk]), "en"
    )
    shortlist_text = ", ".join(names[slug] for slug in payroll.shortlist)
    assert f"Shortlist of the approved roadmap: {shortlist_text}." in html
    assert '<optgroup label="Shortlisted">' in html
    assert html.index('<optgroup label="Shortlisted">') < html.index("Aardvark Outsourcing")


@pytest.mark.django_db
def test_the_engagement_form_without_a_shortlist_is_one_list_by_name(programme):
    engagement = programme.engagements.first()
    Engagement.objects.filter(pk=engagement.pk).update(shortlist=[])
    engagement.refresh_from_db()
    choices = list(cast(Any, EngagementForm(instance=engagement).fields["provider"]).choices)
    names = [name for _pk, name in choices[1:]]
    assert names == sorted(names)
    assert all(not isinstance(name, list) for name in names)
