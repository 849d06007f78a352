"""The workbook import's confirm at scale: a constant number of queries, the kept preview checked once.

Issue 15: "a save or an import confirm of 5,000 lines in under 2 s with at most 20 queries
whatever the count" (timed by benchmarks/capture.py; the queries are pinned here). The confirm
does not validate the kept lines with the line form again (the preview did, and they stayed in
the server-side session); it checks their capabilities against today's catalogue, and the line
service checks every value with the models' own checks as it writes.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.capture import services
from assessments.models import Assessment, ITCostArea
from providers.models import Capability, Kind
from tests.assessments.conftest import ITO_CODES

HEADER = "IT capability (code),Annual cost (IDR),FTEs,Can change from month,Maturity,Standardisation,Criticality,Notes"

# The session, the user, the assessment and the caller's role, the catalogue of each kind, the
# draft's claim (update + read back), then for the IT lines: the removed lines' history, their
# delete, the insert, the new lines' history (both copied by the database); the session written
# back without the preview, the message; the savepoint and its release count too.
CONFIRM_QUERIES = 17


def csv_of(count: int, *, notes: str = "imported") -> bytes:
    rows = [
        f"{ITO_CODES[i % len(ITO_CODES)]},{1_000_000 + i}.50,2.5,{i % 12},3,4,{1 + i % 5},{notes} {i}"
        for i in range(count)
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def previewed(client, draft, content: bytes) -> str:
    response = client.post(
        reverse("assessments:import", args=[draft.pk]), {"file": SimpleUploadedFile("lines.csv", content)}
    )
    assert response.status_code == 200, response.content[:500]
    assert response.context["preview"].is_valid, response.context["preview"].errors[:3]
    return client.session[f"assessments.import.{draft.pk}"]["token"]


def confirm(client, draft, token: str):
    return client.post(reverse("assessments:import_confirm", args=[draft.pk]), {"token": token})


@pytest.mark.parametrize("count", [50, 500])
def test_an_import_confirm_costs_the_same_queries_for_50_and_500_lines(client_for, consultant, draft, count):
    client = client_for(consultant)
    client.post(reverse("assessments:import", args=[draft.pk]), {"file": SimpleUploadedFile("a.csv", csv_of(7))})
    confirm(client, draft, client.session[f"assessments.import.{draft.pk}"]["token"])  # lines to replace
    token = previewed(client, draft, csv_of(count, notes="second"))
    with CaptureQueriesContext(connection) as captured:
        response = confirm(client, draft, token)
    assert response.status_code == 302
    assert response.url == reverse("assessments:review", args=[draft.pk])
    assert len(captured) == CONFIRM_QUERIES <= 20, "\n".join(query["sql"][:120] for query in captured)
    lines = ITCostArea.objects.filter(assessment=draft).order_by("position")
    assert lines.count() == count
    last = lines.last()
    assert last is not None
    assert (last.notes, last.annual_cost, last.ftes, last.criticality) == (
        f"second {count - 1}",
        Decimal(1_000_000 + count - 1) + Decimal("0.50"),
        Decimal("2.5"),
        1 + (count - 1) % 5,
    )
    history = ITCostArea.history.filter(assessment_id=draft.pk)
    assert history.filter(history_type="-", history_user=consultant).count() == 7
    added = history.filter(history_type="+", id__in=lines.values("id"), history_user=consultant)
    assert sorted(added.values_list("id", "notes", "annual_cost")) == sorted(
        lines.values_list("id", "notes", "annual_cost")
    )


def test_a_confirm_after_a_capability_left_its_kind_imports_nothing(client_for, consultant, draft, capability_set):
    client = client_for(consultant)
    token = previewed(client, draft, csv_of(3))
    Capability.objects.filter(code=ITO_CODES[1]).update(kind=Kind.BPO)
    response = client.post(reverse("assessments:import_confirm", args=[draft.pk]), {"token": token}, follow=True)
    assert "The catalogue changed since the preview" in response.content.decode()
    assert not ITCostArea.objects.filter(assessment=draft).exists()
    assert Assessment.objects.get(pk=draft.pk).lock_version == 0


def test_a_kept_value_the_models_refuse_imports_nothing(client_for, consultant, draft):
    client = client_for(consultant)
    token = previewed(client, draft, csv_of(3))
    session = client.session
    session[f"assessments.import.{draft.pk}"]["lines"]["it"][2]["maturity"] = 9  # the session is the server's
    session.save()
    response = client.post(reverse("assessments:import_confirm", args=[draft.pk]), {"token": token}, follow=True)
    assert "The catalogue changed since the preview" in response.content.decode()
    assert not ITCostArea.objects.filter(assessment=draft).exists()
    assert Assessment.objects.get(pk=draft.pk).lock_version == 0


def line(capability, **values):
    return {
        "capability": capability,
        "annual_cost": Decimal(1),
        "ftes": Decimal("1.0"),
        "available_from_month": 0,
        "maturity": 1,
        "standardisation": 1,
        "criticality": 1,
        **values,
    }


@pytest.mark.parametrize(
    ("first", "second", "field"),
    [
        # Equal decimals, but only the first fits the field's one decimal place.
        ({"ftes": Decimal("1.0")}, {"ftes": Decimal("1.00")}, "ftes"),
        ({"maturity": 5}, {"maturity": 6}, "maturity"),
        ({"notes": "fine"}, {"notes": "x" * 20_000}, None),
        ({"available_from_month": 120}, {"available_from_month": 121}, "available_from_month"),
    ],
)
def test_each_value_is_checked_as_the_model_checks_it_even_after_an_equal_one_passed(
    consultant, draft, capability_set, first, second, field
):
    compute = capability_set[ITO_CODES[0]]
    lines = [line(compute, **first), line(compute, **second)]
    expected = [ITCostArea(assessment=draft, position=i, **values) for i, values in enumerate(lines)]
    refused = []
    for model_line in expected:  # what the model's own clean_fields says of each line
        try:
            model_line.clean_fields(exclude=["assessment", "capability"])
        except ValidationError as error:
            refused.append(set(error.message_dict))
    if field is None:
        assert not refused
        services.assessment_lines_import(
            assessment=draft, user=consultant, lock_version=0, it_cost_areas=lines, business_functions=None
        )
        assert ITCostArea.objects.filter(assessment=draft).count() == 2
        return
    assert refused == [{field}]
    with pytest.raises(ValidationError) as refusal:
        services.assessment_lines_import(
            assessment=draft, user=consultant, lock_version=0, it_cost_areas=lines, business_functions=None
        )
    assert set(refusal.value.message_dict) == {field}
    assert not ITCostArea.objects.filter(assessment=draft).exists()


def test_a_line_of_the_other_kind_is_refused(consultant, draft, capability_set):
    bpo = next(capability for capability in capability_set.values() if capability.kind == Kind.BPO)
    with pytest.raises(ValidationError) as error:
        services.assessment_lines_import(
            assessment=draft, user=consultant, lock_version=0, it_cost_areas=[line(bpo)], business_functions=None
        )
    assert set(error.value.message_dict) == {"capability"}


def test_a_stored_line_saved_with_a_changed_value_is_checked(consultant, draft, capability_set):
    # A save checks only what it changes in a stored line; a changed value is still checked as the model does.
    compute = capability_set[ITO_CODES[0]]
    services.assessment_lines_import(
        assessment=draft, user=consultant, lock_version=0, it_cost_areas=[line(compute)], business_functions=None
    )
    stored = ITCostArea.objects.get(assessment=draft)
    with pytest.raises(ValidationError) as refusal:
        services.assessment_it_cost_areas_save(
            assessment=draft, user=consultant, lock_version=1, lines=[line(compute, id=stored.pk, ftes=Decimal("1.25"))]
        )
    assert set(refusal.value.message_dict) == {"ftes"}
    stored.refresh_from_db()
    assert stored.ftes == Decimal("1.0")
