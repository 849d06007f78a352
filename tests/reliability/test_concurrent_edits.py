"""Failure drill: two people write the same thing at the same moment, on two database connections.

The optimistic lock of a draft (`lock_version`, claimed by one conditional UPDATE) and
the approval of a roadmap must leave one consistent result when the writes really
overlap, not only when one follows the other. Each race runs two threads, each with its
own connection, released together by a barrier; the winner holds its transaction open
a little longer (DELAY_SECONDS) so the loser's claim has to wait on the row lock and
then sees the winner's committed version.

Already covered elsewhere, and not repeated here:
- a stale form saved after someone else's save (one after the other, also through the
  pages): tests/assessments/test_locking.py;
- two managers approving at the same moment, with threads:
  tests/assessments/test_approval.py::test_two_managers_approving_at_the_same_moment_leave_one_consistent_decision.

PostgreSQL only (CI sets DATABASE_URL): SQLite locks the whole file for a writer, so the
second writer fails with "database is locked" instead of meeting the row lock.
"""

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from assessments.capture import services
from assessments.models import Assessment, AssessmentStatus, ITCostArea, Role
from providers.models import Kind
from tests.assessments import pipeline_support
from tests.factories.assessments import AssessmentFactory, BusinessFunctionFactory, ITCostAreaFactory
from tests.factories.core import CapabilityFactory, MembershipFactory

recorded_sends = pipeline_support.recorded_sends  # the submit queues a roadmap: record it, send nothing

pytestmark = [pytest.mark.django_db(transaction=True)]

# How long the first writer keeps its transaction open after its claim.
DELAY_SECONDS = 0.4


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs two writers at once meeting a row lock: PostgreSQL (CI sets DATABASE_URL). "
            "SQLite locks the whole database file instead."
        )


@pytest.fixture
def colleague(organisation):
    return MembershipFactory.create(organisation=organisation, role=Role.CONSULTANT, user__username="colleague").user


@pytest.fixture
def capabilities(db) -> dict[str, Any]:
    codes = {"compute": Kind.ITO, "storage": Kind.ITO, "network": Kind.ITO, "security": Kind.ITO,
             "payroll": Kind.BPO}  # fmt: skip
    return {code: CapabilityFactory.create(code=code, kind=kind) for code, kind in codes.items()}


@pytest.fixture
def draft(organisation, consultant, capabilities):
    draft = AssessmentFactory.create(organisation=organisation, author=consultant, title="Opened by both")
    ITCostAreaFactory.create(assessment=draft, capability=capabilities["compute"])
    BusinessFunctionFactory.create(assessment=draft, capability=capabilities["payroll"])
    return draft


def _race(*writers: Callable[[], str]) -> list[tuple[str, float]]:
    """Run the writers at the same moment, each on its own connection: (outcome, seconds) of each."""
    barrier = threading.Barrier(len(writers))
    results: list[tuple[str, float] | None] = [None] * len(writers)

    def run(index: int, write: Callable[[], str]) -> None:
        try:
            barrier.wait(timeout=10)
            started = time.monotonic()
            try:
                outcome = write()
            except services.AssessmentConflict:
                outcome = "conflict"
            except services.AssessmentNotEditable:
                outcome = "not editable"
            except services.AssessmentError:
                outcome = "refused"
            results[index] = (outcome, time.monotonic() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, write)) for index, write in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    assert all(result is not None for result in results), f"a writer crashed: {results}"
    return results  # type: ignore[return-value]  # no None left: checked just above


def _hold_after_claim(monkeypatch, target: Any, name: str) -> None:
    """Whoever gets past the claim first keeps its transaction (and the row lock) open a while."""
    real = getattr(target, name)
    first = threading.Lock()

    def slow(*args, **kwargs):
        if first.acquire(blocking=False):
            time.sleep(DELAY_SECONDS)
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, slow)


def _assert_the_loser_waited(results: list[tuple[str, float]], winner: str, loser: str) -> None:
    outcomes = sorted(outcome for outcome, _seconds in results)
    assert outcomes == sorted([winner, loser]), results
    waited = next(seconds for outcome, seconds in results if outcome == loser)
    # It met the winner's row lock, waited for its commit, then saw the new version.
    assert waited >= DELAY_SECONDS * 0.8, results


def test_two_consultants_saving_the_parameters_at_once_one_wins_whole(draft, consultant, colleague, monkeypatch):
    _hold_after_claim(monkeypatch, Assessment, "full_clean")
    opened = draft.lock_version

    def save_as(user, title: str) -> Callable[[], str]:
        def write() -> str:
            stale = Assessment.objects.get(pk=draft.pk)
            services.assessment_update(
                assessment=stale, user=user, lock_version=opened, data={"title": title, "horizon_months": 36}
            )
            return title

        return write

    results = _race(save_as(consultant, "Sari's plan"), save_as(colleague, "Budi's plan"))

    winner = next(outcome for outcome, _seconds in results if outcome != "conflict")
    _assert_the_loser_waited(results, winner, "conflict")
    draft.refresh_from_db()
    assert draft.title == winner
    assert draft.horizon_months == 36
    assert draft.lock_version == opened + 1  # one save, not two
    assert draft.history.filter(title__in=["Sari's plan", "Budi's plan"]).count() == 1


def test_two_consultants_replacing_the_lines_at_once_never_mix_them(
    draft, consultant, colleague, capabilities, monkeypatch
):
    _hold_after_claim(monkeypatch, services, "lines_sync")
    opened = draft.lock_version

    def line(code: str, cost: str) -> dict[str, Any]:
        return {"capability": capabilities[code], "annual_cost": Decimal(cost), "ftes": Decimal(2),
                "available_from_month": 0, "maturity": 2, "standardisation": 4, "criticality": 3}  # fmt: skip

    versions = {
        "two lines": [line("storage", "100"), line("network", "200")],
        "three lines": [line("security", "300"), line("storage", "400"), line("network", "500")],
    }

    def save(user, label: str) -> Callable[[], str]:
        def write() -> str:
            services.assessment_it_cost_areas_save(
                assessment=Assessment.objects.get(pk=draft.pk), user=user, lock_version=opened, lines=versions[label]
            )
            return label

        return write

    results = _race(save(consultant, "two lines"), save(colleague, "three lines"))

    winner = next(outcome for outcome, _seconds in results if outcome != "conflict")
    _assert_the_loser_waited(results, winner, "conflict")
    stored = list(ITCostArea.objects.filter(assessment=draft).values_list("capability__code", "annual_cost"))
    expected = [(row["capability"].code, row["annual_cost"]) for row in versions[winner]]
    assert stored == expected  # exactly the winner's lines, in its order: nothing of the loser's
    draft.refresh_from_db()
    assert draft.lock_version == opened + 1


def test_submitting_while_a_colleague_saves_leaves_a_consistent_assessment(
    draft, consultant, colleague, capabilities, monkeypatch, recorded_sends
):
    _hold_after_claim(monkeypatch, services, "assessment_checklist")
    _hold_after_claim(monkeypatch, services, "lines_sync")
    opened = draft.lock_version
    new_line = {"capability": capabilities["security"], "annual_cost": Decimal(900), "ftes": Decimal(1),
                "available_from_month": 0, "maturity": 3, "standardisation": 3, "criticality": 3}  # fmt: skip

    def submit() -> str:
        services.assessment_submit(assessment=Assessment.objects.get(pk=draft.pk), user=consultant, lock_version=opened)
        return "submitted"

    def save_lines() -> str:
        services.assessment_it_cost_areas_save(
            assessment=Assessment.objects.get(pk=draft.pk), user=colleague, lock_version=opened, lines=[new_line]
        )
        return "saved"

    results = _race(submit, save_lines)

    outcomes = sorted(outcome for outcome, _seconds in results)
    # Whoever claims the draft first wins; the other is told why its write was refused.
    assert outcomes in (["not editable", "submitted"], ["conflict", "saved"]), results
    draft.refresh_from_db()
    codes = list(ITCostArea.objects.filter(assessment=draft).values_list("capability__code", flat=True))
    if "submitted" in outcomes:
        # Locked with the lines the checklist approved; the colleague's save changed nothing.
        assert (draft.status, codes) == (AssessmentStatus.SUBMITTED, ["compute"])
    else:
        # The colleague saved first; the submit was refused, so nothing is locked unseen.
        assert (draft.status, codes) == (AssessmentStatus.DRAFT, ["security"])
    assert draft.lock_version == opened + 1


def test_two_consultants_starting_a_new_version_at_once_get_one_draft(
    organisation, consultant, colleague, capabilities, monkeypatch
):
    submitted = AssessmentFactory.create(
        organisation=organisation, author=consultant, status=AssessmentStatus.SUBMITTED
    )
    ITCostAreaFactory.create(assessment=submitted, capability=capabilities["compute"])
    _hold_after_claim(monkeypatch, services, "bulk_create_with_history")

    def new_version(user) -> Callable[[], str]:
        def write() -> str:
            copy = services.assessment_version_create(assessment=Assessment.objects.get(pk=submitted.pk), user=user)
            return f"version {copy.version}"

        return write

    results = _race(new_version(consultant), new_version(colleague))

    # The loser is told either that a draft exists now (if it waited on the lineage lock) or that
    # someone created version 2 at the same moment (the unique lineage+version constraint caught it).
    loser = next(outcome for outcome, _seconds in results if outcome != "version 2")
    assert loser in ("refused", "conflict"), results
    _assert_the_loser_waited(results, "version 2", loser)
    lineage = Assessment.objects.filter(lineage=submitted.lineage).order_by("version")
    assert [(row.version, row.status) for row in lineage] == [
        (1, AssessmentStatus.SUBMITTED),
        (2, AssessmentStatus.DRAFT),
    ]
    assert ITCostArea.objects.filter(assessment=lineage[1]).count() == 1  # the copy's lines, once
