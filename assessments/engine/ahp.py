"""Analytic Hierarchy Process: priority weights from a pairwise comparison matrix."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .types import AhpResult

# Saaty's random consistency index for n = 1..10, as tabulated in Saaty (1980) "The
# Analytic Hierarchy Process", McGraw-Hill, and repeated in Saaty (2008) "Decision making
# with the analytic hierarchy process", Int. J. Services Sciences 1(1): 83-98.
SAATY_RANDOM_INDEX: tuple[float, ...] = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)

# Saaty's rule of thumb (same sources): judgements with CR below 0.10 are acceptable.
CONSISTENCY_LIMIT = 0.10


def as_pairwise_matrix(matrix: Sequence[Sequence[float]] | np.ndarray, *, tolerance: float = 0.05) -> np.ndarray:
    """Check and return `matrix` as a float array; ValueError says what is wrong.

    The reciprocity tolerance is relative and deliberately loose (5 %) because people
    type two decimals (0.33 for 1/3, 0.13 for 1/8 is 4 % off); anything further off is
    a data-entry mistake worth reporting.
    """
    try:
        a = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"pairwise matrix must contain numbers only ({exc})") from exc
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"pairwise matrix must be square and non-empty, got shape {a.shape}")
    n = a.shape[0]
    if n > len(SAATY_RANDOM_INDEX):
        raise ValueError(f"pairwise matrix has {n} criteria; Saaty's random index is tabulated up to 10")
    if not np.all(np.isfinite(a)):
        raise ValueError("pairwise matrix must contain finite numbers only")
    if np.any(a <= 0):
        i, j = (int(x) for x in np.argwhere(a <= 0)[0])
        raise ValueError(f"pairwise matrix must be strictly positive: a[{i}][{j}] = {a[i, j]:g}")
    off = np.abs(a * a.T - 1.0)
    if np.any(off > tolerance):
        i, j = (int(x) for x in np.argwhere(off > tolerance)[0])
        raise ValueError(
            f"pairwise matrix is not reciprocal: a[{i}][{j}] = {a[i, j]:g} but a[{j}][{i}] = {a[j, i]:g} "
            f"(expected {1.0 / a[i, j]:g})"
        )
    return a


def ahp_weights(matrix: Sequence[Sequence[float]] | np.ndarray) -> AhpResult:
    """Principal-eigenvector AHP weights and Saaty's consistency measures.

    weights: the principal right eigenvector normalised to sum to 1. CI = (lambda_max - n)
    / (n - 1); CR = CI / RI with Saaty's random index (Saaty 1980 / Saaty 2008 table:
    RI = 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for n = 1..10). For n <= 2
    every reciprocal matrix is consistent, so CI and CR are 0.

    Raises ValueError for a matrix that is not square, not strictly positive or not
    reciprocal (a_ji = 1/a_ij within 5 %).
    """
    a = as_pairwise_matrix(matrix)
    n = a.shape[0]
    if n == 1:
        return AhpResult(weights=(1.0,), lambda_max=1.0, consistency_index=0.0, consistency_ratio=0.0)
    values, vectors = np.linalg.eig(a)
    # Perron-Frobenius: a positive matrix has a unique real eigenvalue of largest modulus
    # with a positive eigenvector; picking by real part is robust to rounding noise.
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    if n <= 2:
        ci = cr = 0.0
    else:
        # lambda_max >= n in exact arithmetic; clamp the rounding noise of consistent matrices.
        ci = max(0.0, (lam - n) / (n - 1))
        cr = ci / SAATY_RANDOM_INDEX[n - 1]
    return AhpResult(
        weights=tuple(float(x) for x in w),
        lambda_max=lam,
        consistency_index=ci,
        consistency_ratio=cr,
    )
