"""Pure computation engine of the outsourcing assessment (DESIGN §5); never imports Django."""

from .ahp import SAATY_RANDOM_INDEX, ahp_weights
from .defaults import BPO_CODES, CAPABILITIES, DEFAULT_BENCHMARKS, ENGINE_VERSION, ITO_CODES
from .errors import EngineInputError
from .roadmap import build_roadmap
from .topsis import topsis
from .types import (
    AhpResult,
    Benchmark,
    BusinessFunction,
    ITCostArea,
    Offering,
    Parameters,
    Roadmap,
    RoadmapInput,
)

__all__ = [
    "BPO_CODES",
    "CAPABILITIES",
    "DEFAULT_BENCHMARKS",
    "ENGINE_VERSION",
    "ITO_CODES",
    "SAATY_RANDOM_INDEX",
    "AhpResult",
    "Benchmark",
    "BusinessFunction",
    "EngineInputError",
    "ITCostArea",
    "Offering",
    "Parameters",
    "Roadmap",
    "RoadmapInput",
    "ahp_weights",
    "build_roadmap",
    "topsis",
]
