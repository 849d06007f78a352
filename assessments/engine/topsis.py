"""TOPSIS (Hwang & Yoon 1981) with vector normalisation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def topsis_reference(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(norms, maxima, minima) of each criterion of each problem, each of shape (problems,
    criteria), for `values` of shape (problems, alternatives, criteria): all that TOPSIS
    needs of the alternatives beyond the one it scores."""
    return np.sqrt(np.einsum("pac,pac->pc", values, values)), values.max(axis=1), values.min(axis=1)


def topsis_batch(
    values: np.ndarray,
    weights: np.ndarray,
    benefit: np.ndarray,
    reference: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Closeness coefficients of many independent decision problems at once.

    `values` has shape (problems, alternatives, criteria); problems share weights and
    criterion directions. Returns shape (problems, alternatives). Vectorised so that the
    shortlists of thousands of items cost one numpy pass per capability.

    `reference` (norms, maxima, minima as ``topsis_reference`` gives them) may come from a
    larger set of alternatives than `values` holds: each alternative then gets the
    closeness it has in that larger set (the score of one alternative depends on the others
    only through these three figures per criterion).
    """
    norms, hi, lo = topsis_reference(values) if reference is None else reference
    # An all-zero criterion carries no information; dividing by 1 keeps it at zero.
    safe = np.where(norms > 0, norms, 1.0)
    v = values / safe[:, None, :] * weights[None, None, :]
    # x -> x / norm * weight is monotone, so the extremes of v are those of the raw values.
    v_hi = hi / safe * weights[None, :]
    v_lo = lo / safe * weights[None, :]
    best = np.where(benefit[None, :], v_hi, v_lo)
    worst = np.where(benefit[None, :], v_lo, v_hi)
    d_best = np.sqrt(((v - best[:, None, :]) ** 2).sum(axis=2))
    d_worst = np.sqrt(((v - worst[:, None, :]) ** 2).sum(axis=2))
    total = d_best + d_worst
    # When every alternative is identical the ideal and anti-ideal coincide: no
    # discrimination is possible, so all get the neutral 0.5.
    return np.where(total > 0, d_worst / np.where(total > 0, total, 1.0), 0.5)


def topsis(
    matrix: Sequence[Sequence[float]] | np.ndarray,
    weights: Sequence[float] | np.ndarray,
    benefit: Sequence[bool] | np.ndarray,
) -> tuple[float, ...]:
    """Relative closeness C* = S- / (S+ + S-) of each alternative (row).

    Columns are criteria, normalised by their Euclidean norm (vector normalisation),
    then weighted. `benefit[j]` False marks a cost criterion (smaller is better). Rows
    identical to both ideals get 0.5. Raises ValueError on inconsistent shapes,
    non-finite numbers or negative weights.
    """
    try:
        x = np.asarray(matrix, dtype=float)
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"TOPSIS input must be numeric ({exc})") from exc
    b = np.asarray(benefit)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"decision matrix must be 2-D with at least one row and column, got shape {x.shape}")
    n = x.shape[1]
    if w.shape != (n,):
        raise ValueError(f"expected {n} weights (one per criterion), got shape {w.shape}")
    if b.shape != (n,):
        raise ValueError(f"expected {n} benefit flags (one per criterion), got shape {b.shape}")
    if b.dtype != bool and not np.all(np.isin(b, (0, 1))):
        raise ValueError("benefit flags must be booleans")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(w))):
        raise ValueError("decision matrix and weights must be finite")
    if np.any(w < 0):
        raise ValueError("weights must not be negative")
    return tuple(float(c) for c in topsis_batch(x[None, :, :], w, b.astype(bool))[0])
