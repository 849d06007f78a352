"""The stored candidates of the roadmap input (issue 12) are never stale.

Every way the catalogue is written (the admin's forms, actions and deletion, the catalogue
import, the bulk activation service, relations, the taxonomy, even a bulk update that bypasses
save()) raises the catalogue revision, and the next roadmap input is the one built from scratch.
Each test checks that the write changed the input (so it could fail) and that the input equals
the one built with no stored candidates at all.
"""

from decimal import Decimal

import numpy as np
import pytest
from django.urls import reverse

from assessments.engine import Offering as EngineOffering
from assessments.engine import candidate_criteria
from assessments.models import Assessment
from assessments.roadmaps import candidates as stored_candidates
from assessments.roadmaps.inputs import roadmap_input_build
from providers.models import Capability, CatalogueRevision, Certification, Offering, Provider, Region, RegionCandidates
from providers.selectors import offerings_for_engine
from providers.services import catalogue_import, providers_set_active
from tests.assessments.pipeline_support import assessment_with_lines
from tests.factories.providers import CertificationFactory, OfferingFactory, ProviderFactory
from tests.providers.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, consultant):
    """A 2 + 2 line assessment (data centre, compute, HR, payroll) and twelve providers in its region."""
    created = assessment_with_lines(organisation=organisation, author=consultant, it=2, bpo=2)
    iso = CertificationFactory(code="iso-27001")
    soc = CertificationFactory(code="soc-2-type-ii")
    for n in range(12):
        provider = ProviderFactory(
            slug=f"provider-{n:02d}", regions=[created.region], certifications=[[iso], [soc], []][n % 3]
        )
        for code in ("compute", "hr"):
            OfferingFactory(
                provider=provider,
                capability=Capability.objects.get(code=code),
                price_index=Decimal("0.80") + Decimal(n % 5) / 10,
                quality_score=Decimal(4 + n % 6),
                capacity_ftes=15 + 40 * n,
                experience_years=3 + n,
            )
    return created


def _built(assessment: Assessment) -> dict:
    return roadmap_input_build(assessment=Assessment.objects.get(pk=assessment.pk))


def _from_scratch(assessment: Assessment) -> dict:
    RegionCandidates.objects.all().delete()
    return _built(assessment)


def _revision() -> int:
    return CatalogueRevision.objects.get(pk=1).revision


def _assert_write_is_seen(assessment: Assessment, write) -> None:
    before = _built(assessment)
    assert RegionCandidates.objects.filter(revision=_revision()).count() == 4  # stored, current
    revision = _revision()

    write()

    assert _revision() > revision
    after = _built(assessment)
    assert after != before
    assert after == _from_scratch(assessment)


def test_the_stored_candidates_are_read_and_equal_a_rebuild(assessment):
    document = _built(assessment)
    region = assessment.region
    capabilities = dict(Capability.objects.filter(code__in=["compute", "hr"]).values_list("code", "pk"))

    read = stored_candidates.region_candidates_read(region_code=region.code, capabilities=capabilities)
    rebuilt = stored_candidates.region_candidates_rebuild(region_code=region.code, capabilities=capabilities)

    for code in capabilities:
        assert np.array_equal(read[code].offering_ids, rebuilt[code].offering_ids)
        assert np.array_equal(read[code].criteria, rebuilt[code].criteria)
    assert read["compute"].criteria.shape == (12, 5)
    # exactly the engine's criteria of the offerings it is given, in its order of providers and models
    for code in capabilities:
        given = sorted(
            (EngineOffering(**o) for o in offerings_for_engine(capability_codes=[code], region_code=region.code)),
            key=lambda o: (o.provider, o.delivery_model),
        )
        assert np.array_equal(read[code].criteria, candidate_criteria(capability=code, offerings=given))
    # the certification fit is the engine's: ISO 27001 and SOC 2 both fit compute
    assert sorted(set(read["compute"].criteria[:, 2].tolist())) == [0.0, 1.0]
    assert document == _from_scratch(assessment)


def test_a_stored_row_of_another_engine_layout_is_rebuilt(assessment, monkeypatch):
    before = _built(assessment)
    RegionCandidates.objects.update(criteria=np.zeros((12, 5)).tobytes())  # garbage under the old layout
    monkeypatch.setattr(stored_candidates, "LAYOUT", "another")

    assert _built(assessment) == before
    assert set(RegionCandidates.objects.values_list("layout", flat=True)) == {"another"}


def test_an_offering_saved(assessment):
    def write():
        offering = Offering.objects.get(provider__slug="provider-00", capability__code="compute")
        offering.price_index = Decimal("0.50")
        offering.save()

    _assert_write_is_seen(assessment, write)


def test_a_bulk_update_that_bypasses_save(assessment):
    _assert_write_is_seen(
        assessment, lambda: Offering.objects.filter(capability__code="hr").update(quality_score=Decimal("9.5"))
    )


def test_a_provider_deleted(assessment):
    _assert_write_is_seen(assessment, lambda: Provider.objects.get(slug="provider-07").delete())


def test_an_offering_deleted(assessment):
    _assert_write_is_seen(
        assessment, lambda: Offering.objects.get(provider__slug="provider-03", capability__code="hr").delete()
    )


def test_bulk_deactivation_and_activation(assessment):
    _assert_write_is_seen(
        assessment, lambda: providers_set_active(providers=Provider.objects.filter(slug="provider-05"), active=False)
    )
    _assert_write_is_seen(
        assessment, lambda: providers_set_active(providers=Provider.objects.filter(slug="provider-05"), active=True)
    )


def test_a_region_no_longer_served(assessment):
    _assert_write_is_seen(
        assessment, lambda: Provider.objects.get(slug="provider-11").regions.remove(assessment.region)
    )


def test_a_certification_gained(assessment):
    def write():
        Provider.objects.get(slug="provider-02").certifications.add(Certification.objects.get(code="iso-27001"))

    _assert_write_is_seen(assessment, write)


def test_a_certification_recoded(assessment):
    # "soc-2-type-ii" fits compute and HR (SOC 2); "soc-1" fits HR only
    _assert_write_is_seen(assessment, lambda: Certification.objects.filter(code="soc-2-type-ii").update(code="soc-1"))


def test_a_new_provider_in_the_region(assessment):
    def write():
        provider = ProviderFactory(slug="newcomer", regions=[assessment.region])
        OfferingFactory(
            provider=provider, capability=Capability.objects.get(code="compute"), price_index=Decimal("0.40")
        )

    _assert_write_is_seen(assessment, write)


def test_a_region_recoded(assessment):
    """The assessment's own region under a new code: the stored rows are keyed by the region's id."""

    def write():
        Region.objects.filter(pk=assessment.region.pk).update(code="id-new")

    before = _built(assessment)
    write()
    # the region's providers serve it under its new code: the input is the same, and current
    assert _built(assessment) == _from_scratch(assessment)
    assert _built(assessment)["parameters"]["region"] == "id-new" != before["parameters"]["region"]


def test_the_catalogue_import(assessment):
    def write():
        report = catalogue_import(
            content=csv_bytes(
                [
                    row(
                        slug="provider-04",
                        name="Provider 04",
                        regions=assessment.region.code,
                        certifications="iso-27001",
                        capability="compute",
                        delivery_model="onshore",
                        price_index="0.61",
                    )
                ]
            ),
            filename="catalogue.csv",
        )
        assert report.ok, report.errors
        assert report.written

    _assert_write_is_seen(assessment, write)


def test_a_dry_run_import_leaves_the_stored_candidates_current(assessment):
    before = _built(assessment)
    report = catalogue_import(
        content=csv_bytes(
            [row(slug="provider-04", regions=assessment.region.code, certifications="iso-27001", price_index="0.41")]
        ),
        filename="catalogue.csv",
        dry_run=True,
    )
    assert report.ok
    assert report.changes > 0
    assert _built(assessment) == before == _from_scratch(assessment)


def test_the_admin_offering_form(assessment, client_for, administrator):
    offering = Offering.objects.get(provider__slug="provider-06", capability__code="compute")

    def write():
        response = client_for(administrator).post(
            reverse("admin:providers_offering_change", args=[offering.pk]),
            {
                "provider": offering.provider_id,
                "capability": offering.capability_id,
                "delivery_model": offering.delivery_model,
                "price_index": "0.55",
                "capacity_ftes": "900",
                "min_contract_months": "12",
                "quality_score": "9.9",
                "experience_years": "25",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    _assert_write_is_seen(assessment, write)


def test_the_admin_deactivate_action_and_deletion(assessment, client_for, administrator):
    client = client_for(administrator)
    provider = Provider.objects.get(slug="provider-08")

    def deactivate():
        response = client.post(
            reverse("admin:providers_provider_changelist"), {"action": "deactivate", "_selected_action": [provider.pk]}
        )
        assert response.status_code == 302

    def delete():
        response = client.post(reverse("admin:providers_provider_delete", args=[provider.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert not Provider.objects.filter(pk=provider.pk).exists()

    _assert_write_is_seen(assessment, deactivate)
    providers_set_active(providers=Provider.objects.filter(pk=provider.pk), active=True)
    _assert_write_is_seen(assessment, delete)


def test_the_management_command_rebuilds_every_region(assessment):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("catalogue_candidates_rebuild", stdout=out)

    rows = RegionCandidates.objects.count()
    assert rows == Region.objects.count() * Capability.objects.count()
    assert str(rows) in out.getvalue()
    current = _built(assessment)
    assert RegionCandidates.objects.count() == rows  # read, not rebuilt
    assert current == _from_scratch(assessment)


def test_every_table_the_shortlists_read_has_its_revision_triggers():
    """A later migration that remakes one of these tables (SQLite's ALTER TABLE does) drops its
    triggers with it: it must create them again (providers/migrations/0006_catalogue_candidates.py)."""
    from importlib import import_module

    from django.db import connection

    watched = import_module("providers.migrations.0006_catalogue_candidates").WATCHED
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            expected = {
                (table, f"{table}_revision_{event}") for table in watched for event in ("insert", "update", "delete")
            }
        else:
            cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal")
            expected = {(table, f"{table}_revision") for table in watched}
        assert expected <= set(cursor.fetchall())
    assert {model._meta.db_table for model in (Provider, Offering, Capability, Region, Certification)} | {
        Provider.regions.through._meta.db_table,
        Provider.certifications.through._meta.db_table,
    } == set(watched)


def test_a_capability_recoded(assessment):
    # the certification fit follows the capability's code (engine CERTIFICATION_FIT): under a new
    # code HR's candidates fit no certification, so a stored row of the old code would be wrong
    _assert_write_is_seen(assessment, lambda: Capability.objects.filter(code="hr").update(code="hr-renamed"))
    pools = [pool for pool in _built(assessment)["offering_pools"] if pool["capability"] == "hr-renamed"]
    assert pools
    assert {pool["certification_fit_max"] for pool in pools} == {0.0}


def test_stored_figures_are_the_engines_floats_for_any_decimal(assessment):
    """The stored criteria read the decimals as text (providers.selectors.offering_candidates_for_engine):
    for prices and qualities all over their ranges, the floats the engine gets from Decimal."""
    import random

    rng = random.Random(12)
    region = assessment.region
    compute = Capability.objects.get(code="compute")
    for n in range(120):
        OfferingFactory(
            provider=ProviderFactory(slug=f"spread-{n:03d}", regions=[region]),
            capability=compute,
            price_index=Decimal(rng.randint(1, 9999)) / 100,
            quality_score=Decimal(rng.randint(0, 100)) / 10,
            capacity_ftes=rng.randint(0, 100_000),
            experience_years=rng.randint(0, 200),
        )
    read = stored_candidates.region_candidates_read(region_code=region.code, capabilities={"compute": compute.pk})
    given = sorted(
        (EngineOffering(**o) for o in offerings_for_engine(capability_codes=["compute"], region_code=region.code)),
        key=lambda o: (o.provider, o.delivery_model),
    )
    assert len(given) == 12 + 120
    assert np.array_equal(read["compute"].criteria, candidate_criteria(capability="compute", offerings=given))
