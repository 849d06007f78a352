"""The demo bank: an Indonesian bank whose regulated business functions are gated for BPO until the
consultant states OJK's condition is met (engine/regulation.py), shown as such on the dashboard.

BPO money figures are not pinned here (the savings defaults move with the engine); the structure, the
gate, the regulator named and the recommendation are."""

import copy
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from assessments.capture.selectors import business_functions_of
from assessments.engine import roadmap_from_json
from assessments.models import Assessment, AssessmentStatus, RoadmapStatus
from assessments.roadmaps.pipeline_selectors import roadmap_latest_base

pytestmark = pytest.mark.django_db

BANK = "PT Bank Sejahtera Nusantara Demo"


@pytest.fixture
def bank_roadmap():
    call_command("seed_demo", stdout=io.StringIO())
    assessment = Assessment.objects.select_related("organisation").get(organisation__name=BANK)
    roadmap = roadmap_latest_base(assessment=assessment, done_only=True)
    assert roadmap is not None
    return roadmap


def _dashboard_row(client, roadmap, item_id: str, language: str) -> str:
    client.force_login(User.objects.get(username="manager"), backend="django.contrib.auth.backends.ModelBackend")
    with translation.override(language):
        html = client.get(
            reverse("assessments:roadmap_dashboard", args=[roadmap.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    start = html.index(f'data-item="{item_id}"')
    return html[start : html.index("</tbody>", start)]


def test_the_demo_bank_is_an_indonesian_bank_in_rupiah_with_a_heavily_regulated_function(bank_roadmap):
    assessment = bank_roadmap.assessment
    organisation = assessment.organisation
    assert (organisation.industry, organisation.region.code, organisation.currency) == ("Banking", "id", "IDR")
    assert assessment.status == AssessmentStatus.COMPUTED
    assert bank_roadmap.status == RoadmapStatus.DONE
    functions = {line.capability.code: line for line in business_functions_of(assessment=assessment)}
    assert functions["customer_service"].regulatory_sensitivity == 5
    assert not any(line.regulatory_condition_accepted for line in functions.values())
    # Success measures where a consultant has them: volumes and retained staff on every function, a
    # cycle time on all but procurement (none on record).
    assert all(line.annual_volume > 0 and line.retained_ftes is not None for line in functions.values())
    assert [code for code, line in functions.items() if line.cycle_time_days is None] == ["procurement"]


def test_the_bank_roadmap_gates_its_regulated_bpo_on_ojks_requirement(bank_roadmap):
    items = bank_roadmap.result["items"]
    gated = {item["capability"]: item for item in items if item["kind"] == "BPO" and item["regulatory_condition"]}
    # Sensitivity 5 always, 4 in a financial sector; the 2s and 3s are not gated.
    assert set(gated) == {"customer_service", "accounting", "document_processing"}
    for item in gated.values():
        assert item["regulatory_condition"] == {
            "code": "id_ojk_bank",
            "regulator": "OJK",
            "requirement": "POJK No. 9/POJK.03/2016",
            "accepted": False,
        }
        assert item["suitability_class"] != "probable"
        assert "POJK No. 9/POJK.03/2016" in item["rationale"]
    # Without the stated condition a gated function is out of the plan and none of its money counts (engine 2.1).
    customer_service = gated["customer_service"]
    assert not customer_service["included"]
    assert customer_service["recommendation"] == "condition_required"
    assert customer_service["reason_code"] == "regulatory_condition_required"
    ungated = [item for item in items if item["kind"] == "BPO" and item["capability"] not in gated]
    assert ungated
    assert all(item["recommendation"] != "condition_required" for item in ungated)


def test_stating_the_condition_met_makes_the_gated_function_recommended_with_it(bank_roadmap):
    """The flow the dashboard points to: tick "regulator's condition accepted" on the line, recompute."""
    document = copy.deepcopy(bank_roadmap.inputs)
    line = next(f for f in document["business_functions"] if f["capability"] == "customer_service")
    line["regulatory_condition_accepted"] = True
    item = next(i for i in roadmap_from_json(document)["items"] if i["capability"] == "customer_service")
    assert item["recommendation"] == "recommended_with_condition"
    assert item["regulatory_condition"]["accepted"] is True
    assert "recommended on the stated condition that it is met" in item["rationale"]


def test_the_bank_dashboard_names_the_regulator_in_english_and_indonesian(bank_roadmap, client):
    item = next(i for i in bank_roadmap.result["items"] if i["capability"] == "customer_service")
    english = _dashboard_row(client, bank_roadmap, item["id"], "en")
    assert "Regulated: condition required" in english
    assert 'data-condition="id_ojk_bank"' in english
    assert "requires material outsourcing to be reported to OJK" in english
    assert "tick “regulator&#x27;s condition accepted” on the line" in english
    indonesian = _dashboard_row(client, bank_roadmap, item["id"], "id")
    assert "Diatur regulator: perlu syarat" in indonesian
    assert "POJK No. 9/POJK.03/2016" in indonesian
    assert "dilaporkan kepada OJK" in indonesian
