"""Helpers shared by the roadmap pipeline tests: assessments with lines, a recording or
failing broker, an eager Celery app, and a fake engine result in the JSON contract."""

from decimal import Decimal
from typing import Any

import pytest

from assessments.engine import CAPABILITIES
from assessments.models import AssessmentStatus, Roadmap
from outsourcing.celery import app as celery_app
from providers.models import Kind
from tests.factories.assessments import assessment_with_lines_create

# The shipped capabilities (the engine's defaults seed the Capability table); never a hand copy.
ITO_CODES = tuple(code for code, (kind, _name) in CAPABILITIES.items() if kind == Kind.ITO)
BPO_CODES = tuple(code for code, (kind, _name) in CAPABILITIES.items() if kind == Kind.BPO)


def assessment_with_lines(*, organisation, author, it: int = 2, bpo: int = 2, status=AssessmentStatus.SUBMITTED):
    """An assessment of `organisation` with `it` IT cost areas and `bpo` business functions."""
    return assessment_with_lines_create(
        organisation=organisation,
        author=author,
        status=status,
        it_cost_areas=[
            {
                "capability": ITO_CODES[index % len(ITO_CODES)],
                "annual_cost": Decimal("1000000000") + index * 10_000_000,
                "position": index,
            }
            for index in range(it)
        ],
        business_functions=[
            {
                "capability": BPO_CODES[index % len(BPO_CODES)],
                "annual_cost": Decimal("800000000") + index * 10_000_000,
                "position": index,
            }
            for index in range(bpo)
        ],
    )


def fake_result(*, npv: float = 1234567.891, items: int = 2) -> dict[str, Any]:
    """A small engine output in the documented shape."""
    return {
        "engine_version": "fake-1",
        "currency": "IDR",
        "gate_month": 7,
        "gate_reason": "Half of the planned ITO run-rate is realised in month 7.",
        "phases": [{"kind": "ITO", "start_month": 0, "end_month": 9, "item_ids": ["it-1"]}],
        "items": [
            {
                "id": f"it-{index}",
                "kind": "ITO",
                "capability": "compute",
                "included": index % 2 == 0,
                "rationale": f"Rationale number {index}.",
                "start_month": 0 if index % 2 == 0 else None,
                "net_annual_savings": 1000.0 * index,
            }
            for index in range(items)
        ],
        "cash_flow": [],
        "kpis": {
            "npv": npv,
            "payback_month": 14,
            "run_rate_ito": 250000.0,
            "run_rate_bpo": 125000.5,
            "peak_investment": 90000.0,
        },
        "scenarios": {},
    }


class RecordingSend:
    """Stands in for `roadmap_compute_task.apply_async`: records, or fails like a broker that is down."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.error: Exception | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        if self.error is not None:
            raise self.error
        self.calls.append(kwargs.get("kwargs", {}))

    @property
    def roadmap_ids(self) -> list[int]:
        return [call["roadmap_id"] for call in self.calls]


@pytest.fixture
def recorded_sends(monkeypatch) -> RecordingSend:
    """The broker, replaced by a recorder (tests that run the task use `eager_celery` instead)."""
    from assessments.roadmaps.tasks import roadmap_compute_task

    recorder = RecordingSend()
    monkeypatch.setattr(roadmap_compute_task, "apply_async", recorder)
    return recorder


@pytest.fixture
def eager_celery(settings):
    """Run tasks in-process even when REDIS_URL is set (CI): the app read its settings at import."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield celery_app
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


def roadmap_row(assessment, **fields: Any) -> Roadmap:
    """A roadmap row written directly, for states a request would only reach over time."""
    values: dict[str, Any] = {
        "assessment": assessment,
        "inputs_hash": fields.pop("inputs_hash", f"hash-{Roadmap.objects.count()}"),
        "inputs": {"parameters": {"region": "id", "currency": "IDR"}},
    }
    values.update(fields)
    return Roadmap.objects.create(**values)
