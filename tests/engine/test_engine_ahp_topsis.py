"""AHP and TOPSIS against published worked examples, error cases and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.engine import SAATY_RANDOM_INDEX, ahp_weights, topsis
from assessments.engine.defaults import SHORTLIST_PAIRWISE

TOL = 0.002


def matrix_from_pairs(names: list[str], pairs: dict[tuple[str, str], float]) -> np.ndarray:
    """Fill a reciprocal matrix from judgements 'row over column'."""
    index = {n: i for i, n in enumerate(names)}
    a = np.ones((len(names), len(names)))
    for (row, col), value in pairs.items():
        a[index[row], index[col]] = value
        a[index[col], index[row]] = 1.0 / value
    return a


def test_ahp_saaty_2008_drinks():
    """Saaty, T. L. (2008) 'Decision making with the analytic hierarchy process',
    Int. J. Services Sciences 1(1): 83-98 - relative consumption of drinks in the US.

    Published derived priorities: coffee .177, wine .019, tea .042, beer .116,
    sodas .190, milk .129, water .327; CR 0.022 with Saaty's random index.
    """
    drinks = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
    a = np.array(
        [
            [1, 9, 5, 2, 1, 1, 1 / 2],
            [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
            [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
            [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
            [1, 9, 4, 2, 1, 2, 1 / 2],
            [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
            [2, 9, 9, 3, 2, 3, 1],
        ]
    )
    published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    result = ahp_weights(a)
    assert len(result.weights) == len(drinks)
    assert sum(result.weights) == pytest.approx(1.0)
    assert np.allclose(result.weights, published, atol=TOL)
    assert result.consistency_ratio == pytest.approx(0.022, abs=TOL)


def test_ahp_saaty_2005_choosing_a_city():
    """Saaty, T. L. (2005) 'Theory and Applications of the Analytic Network Process',
    RWS Publications - the hierarchy for choosing the best city to live in (criteria:
    culture, family, housing, jobs, transportation; alternatives Bethesda, Boston,
    Pittsburgh, Santa Fe), as reproduced in the AHPy test suite.

    Published overall priorities: Bethesda .229, Boston .275, Pittsburgh .385, Santa Fe .111.
    """
    criteria = ["culture", "family", "housing", "jobs", "transportation"]
    cities = ["Bethesda", "Boston", "Pittsburgh", "Santa Fe"]
    crit = matrix_from_pairs(
        criteria,
        {
            ("culture", "housing"): 3,
            ("culture", "transportation"): 5,
            ("family", "culture"): 5,
            ("family", "housing"): 7,
            ("family", "transportation"): 7,
            ("housing", "transportation"): 3,
            ("jobs", "culture"): 2,
            ("jobs", "housing"): 4,
            ("jobs", "transportation"): 7,
            ("family", "jobs"): 1,
        },
    )
    local: dict[str, dict[tuple[str, str], float]] = {
        "culture": {
            ("Boston", "Bethesda"): 2,
            ("Boston", "Pittsburgh"): 2.5,
            ("Pittsburgh", "Bethesda"): 1,
            ("Santa Fe", "Bethesda"): 2,
            ("Santa Fe", "Pittsburgh"): 2.5,
            ("Boston", "Santa Fe"): 1,
        },
        "family": {
            ("Bethesda", "Boston"): 2,
            ("Bethesda", "Santa Fe"): 4,
            ("Boston", "Santa Fe"): 2,
            ("Pittsburgh", "Bethesda"): 3,
            ("Pittsburgh", "Boston"): 8,
            ("Pittsburgh", "Santa Fe"): 9,
        },
        "housing": {
            ("Bethesda", "Boston"): 5,
            ("Bethesda", "Santa Fe"): 2.5,
            ("Pittsburgh", "Bethesda"): 2,
            ("Pittsburgh", "Boston"): 9,
            ("Pittsburgh", "Santa Fe"): 7,
            ("Santa Fe", "Boston"): 4,
        },
        "jobs": {
            ("Bethesda", "Pittsburgh"): 3,
            ("Bethesda", "Santa Fe"): 4,
            ("Boston", "Bethesda"): 2,
            ("Boston", "Pittsburgh"): 6,
            ("Boston", "Santa Fe"): 8,
            ("Pittsburgh", "Santa Fe"): 1,
        },
        "transportation": {
            ("Bethesda", "Boston"): 1.5,
            ("Bethesda", "Santa Fe"): 4,
            ("Boston", "Santa Fe"): 2.5,
            ("Pittsburgh", "Bethesda"): 2,
            ("Pittsburgh", "Boston"): 3.5,
            ("Pittsburgh", "Santa Fe"): 9,
        },
    }
    crit_w = np.array(ahp_weights(crit).weights)
    alt_w = np.array([ahp_weights(matrix_from_pairs(cities, local[c])).weights for c in criteria])
    overall = crit_w @ alt_w  # distributive synthesis
    assert np.allclose(overall, [0.229, 0.275, 0.385, 0.111], atol=TOL)


def test_ahp_consistent_matrix_recovers_ratios_with_zero_cr():
    w = np.array([0.5, 0.3, 0.15, 0.05])
    result = ahp_weights(w[:, None] / w[None, :])
    assert np.allclose(result.weights, w)
    assert result.lambda_max == pytest.approx(4.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)


def test_ahp_small_matrices_have_zero_cr():
    assert ahp_weights([[1.0]]).weights == (1.0,)
    two = ahp_weights([[1, 3], [1 / 3, 1]])
    assert two.consistency_ratio == 0.0
    assert two.weights == pytest.approx((0.75, 0.25))


def test_saaty_random_index_table():
    assert SAATY_RANDOM_INDEX == (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)


def test_shortlist_criteria_matrix_is_consistent():
    result = ahp_weights(SHORTLIST_PAIRWISE)
    assert result.consistency_ratio < 0.10
    assert sum(result.weights) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, 2], [0.5, 1], [1, 1]], "square"),
        ([], "square"),
        ([[1, 0], [0, 1]], "strictly positive"),
        ([[1, -2], [-0.5, 1]], "strictly positive"),
        ([[1, 2], [2, 1]], "not reciprocal"),
        ([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1, 1]], "not reciprocal"),
        ([[2, 1], [1, 1]], "not reciprocal"),
        ([[1, float("nan")], [1, 1]], "finite"),
        (np.ones((11, 11)), "up to 10"),
    ],
)
def test_ahp_rejects_invalid_matrices(matrix, message):
    with pytest.raises(ValueError, match=message):
        ahp_weights(matrix)


def test_ahp_accepts_reciprocals_typed_with_two_decimals():
    assert ahp_weights([[1, 3], [0.33, 1]]).weights[0] > 0.7
    assert ahp_weights([[1, 8], [0.13, 1]]).weights[0] > 0.85


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(min_value=1 / 9, max_value=9), min_size=3, max_size=15))
def test_ahp_weights_are_a_distribution(upper):
    n = 2
    while n * (n - 1) // 2 < len(upper):
        n += 1
    a = np.ones((n, n))
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j] = upper[k % len(upper)]
            a[j, i] = 1 / a[i, j]
            k += 1
    result = ahp_weights(a)
    assert all(w > 0 for w in result.weights)
    assert sum(result.weights) == pytest.approx(1.0)
    assert result.lambda_max >= n - 1e-9
    assert result.consistency_ratio >= 0


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011) 'Multiple Attribute Decision Making: Methods
    and Applications', CRC Press - TOPSIS example with four alternatives, three benefit
    criteria, weights (0.3, 0.4, 0.3). Published closeness: 0.5037, 0.6581, 0.7482, 0.3340.
    """
    scores = topsis([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [0.3, 0.4, 0.3], [True, True, True])
    assert np.allclose(scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=TOL)


def test_topsis_hwang_yoon_1981_fighter_aircraft():
    """Hwang, C.-L. & Yoon, K. (1981) 'Multiple Attribute Decision Making: Methods and
    Applications', Springer - the fighter aircraft example. Criteria: maximum speed
    (Mach), ferry range (NM), maximum payload (lb), acquisition cost ($M, a cost
    criterion), reliability and manoeuvrability (interval scores); weights
    (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). Published relative closeness C*: A1 0.643,
    A2 0.268, A3 0.613, A4 0.312 (ranking A1 > A3 > A4 > A2).
    """
    matrix = [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
    scores = topsis(matrix, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], [True, True, True, False, True, True])
    assert np.allclose(scores, [0.643, 0.268, 0.613, 0.312], atol=TOL)


@pytest.mark.parametrize(
    ("matrix", "weights", "benefit", "message"),
    [
        ([[1, 2], [3, 4]], [0.5], [True, True], "weights"),
        ([[1, 2], [3, 4]], [0.5, 0.5], [True], "benefit"),
        ([1, 2, 3], [1.0], [True], "2-D"),
        ([[1, 2], [3, 4]], [0.5, -0.5], [True, True], "negative"),
        ([[1, float("inf")], [3, 4]], [0.5, 0.5], [True, True], "finite"),
        ([[1, 2], [3, 4]], [0.5, 0.5], [2, 1], "booleans"),
    ],
)
def test_topsis_rejects_bad_shapes(matrix, weights, benefit, message):
    with pytest.raises(ValueError, match=message):
        topsis(matrix, weights, benefit)


def test_topsis_identical_alternatives_are_neutral():
    assert topsis([[1, 2], [1, 2]], [0.5, 0.5], [True, False]) == (0.5, 0.5)
    assert topsis([[3, 4]], [0.5, 0.5], [True, True]) == (0.5,)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(min_value=0.1, max_value=1000), min_size=3, max_size=3),
        min_size=2,
        max_size=6,
    ),
    st.floats(min_value=0.01, max_value=100),
)
def test_topsis_properties(rows, scale):
    weights = [0.5, 0.3, 0.2]
    benefit = [True, False, True]
    scores = np.array(topsis(rows, weights, benefit))
    assert np.all((scores >= 0) & (scores <= 1))
    # Vector normalisation makes the ranking independent of each criterion's unit.
    scaled = np.array(rows) * np.array([scale, 1.0, 1.0])
    assert np.allclose(topsis(scaled, weights, benefit), scores, atol=1e-9)
    # An alternative that is best on every criterion is the ideal: closeness 1.
    x = np.array(rows)
    ideal = np.array([x[:, 0].max(), x[:, 1].min(), x[:, 2].max()])
    with_ideal = topsis(np.vstack([x, ideal]), weights, benefit)
    if np.any(np.abs(x - ideal).sum(axis=1) > 1e-9):
        assert with_ideal[-1] == pytest.approx(1.0)
