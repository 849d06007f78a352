"""Pure computation engine of the outsourcing assessment (its model: docs/engine/README.md).

Dataclasses in, dataclasses out; numpy inside; never imports Django. Entry points:

- ``build_roadmap(RoadmapInput) -> Roadmap``
- ``roadmap_from_json(dict) -> dict``: typed validation (field tables in ``schema.py``, from
  which ``schemas/input.schema.json`` is derived), the roadmap, its JSON form
- ``parse_json(bytes) -> doc`` (strict) and ``write_roadmap_json(roadmap, file)`` (streamed)
- ``ahp_weights(matrix) -> AhpResult`` and ``topsis(matrix, weights, benefit)``
- ``shortlist_preselect(requests=, offerings=, region=)``: the offerings and pools a
  roadmap input needs for the same shortlists as the whole catalogue gives;
  ``shortlist_pools_rank(capability=, criteria=, caps=, keep=)`` the same from a stored
  criteria matrix of the candidates (``candidate_criteria``)
"""

from .ahp import SAATY_RANDOM_INDEX, ahp_weights
from .defaults import (
    BPO_CODES,
    CAPABILITIES,
    CERTIFICATION_FIT,
    DEFAULT_BENCHMARKS,
    DEFAULT_SUITABILITY_WEIGHTS,
    ENGINE_VERSION,
    ITO_CODES,
    PARAMETER_SOURCES,
)
from .errors import EngineInputError
from .jsonio import (
    parse_json,
    roadmap_from_json,
    roadmap_input_from_json,
    roadmap_input_to_json,
    roadmap_to_json,
    write_roadmap_json,
)
from .roadmap import build_roadmap
from .schema import input_json_schema, input_schema, output_schema
from .shortlist import ShortlistRequest, candidate_criteria, shortlist_pools_rank, shortlist_preselect
from .topsis import topsis
from .types import (
    SAVINGS_BANDS,
    SUITABILITY_CRITERIA,
    AhpResult,
    Benchmark,
    BpoKpis,
    BusinessFunction,
    CashFlowRow,
    ITCostArea,
    Kpis,
    Offering,
    OfferingPool,
    Parameters,
    Phase,
    Roadmap,
    RoadmapInput,
    RoadmapItem,
    Scenario,
    ScheduleRun,
    ShortlistEntry,
    SuitabilityWeights,
)
from .validate import validate_input, validate_input_json

__all__ = [
    "BPO_CODES",
    "CAPABILITIES",
    "CERTIFICATION_FIT",
    "DEFAULT_BENCHMARKS",
    "DEFAULT_SUITABILITY_WEIGHTS",
    "ENGINE_VERSION",
    "ITO_CODES",
    "PARAMETER_SOURCES",
    "SAATY_RANDOM_INDEX",
    "SAVINGS_BANDS",
    "SUITABILITY_CRITERIA",
    "AhpResult",
    "Benchmark",
    "BpoKpis",
    "BusinessFunction",
    "CashFlowRow",
    "EngineInputError",
    "ITCostArea",
    "Kpis",
    "Offering",
    "OfferingPool",
    "Parameters",
    "Phase",
    "Roadmap",
    "RoadmapInput",
    "RoadmapItem",
    "Scenario",
    "ScheduleRun",
    "ShortlistEntry",
    "ShortlistRequest",
    "SuitabilityWeights",
    "ahp_weights",
    "build_roadmap",
    "candidate_criteria",
    "input_json_schema",
    "input_schema",
    "output_schema",
    "parse_json",
    "roadmap_from_json",
    "roadmap_input_from_json",
    "roadmap_input_to_json",
    "roadmap_to_json",
    "shortlist_pools_rank",
    "shortlist_preselect",
    "topsis",
    "validate_input",
    "validate_input_json",
    "write_roadmap_json",
]
