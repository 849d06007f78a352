"""Pure computation engine of the outsourcing assessment (DESIGN §5); never imports Django."""

from .ahp import SAATY_RANDOM_INDEX, ahp_weights
from .defaults import CAPABILITIES, DEFAULT_BENCHMARKS, ENGINE_VERSION
from .errors import EngineInputError
from .topsis import topsis
from .types import AhpResult, Benchmark

__all__ = [
    "CAPABILITIES",
    "DEFAULT_BENCHMARKS",
    "ENGINE_VERSION",
    "SAATY_RANDOM_INDEX",
    "AhpResult",
    "Benchmark",
    "EngineInputError",
    "ahp_weights",
    "topsis",
]
