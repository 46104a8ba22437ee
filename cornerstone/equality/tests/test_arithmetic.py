"""The relative rates and their 95% intervals, against values worked out by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.equality.disproportionality import proportion_ratio, rate_ratio


def test_rate_ratio_by_hand() -> None:
    # 50 referrals among 100,000 people (50 per 100,000) against 200 among 1,000,000 (20):
    # RR = 2.5; SE(log RR) = sqrt(1/50 + 1/200) = sqrt(0.025) = 0.158114;
    # exp(1.96 x 0.158114) = 1.363293; interval 2.5 / 1.363293 to 2.5 x 1.363293.
    ratio = rate_ratio(50, 100_000, 200, 1_000_000)
    assert ratio is not None
    assert ratio.value == pytest.approx(2.5)
    assert ratio.low == pytest.approx(1.833795, abs=1e-6)
    assert ratio.high == pytest.approx(3.408233, abs=1e-6)


def test_proportion_ratio_by_hand() -> None:
    # 10 of 40 (25%) against 30 of 200 (15%): RR = 1.666667;
    # SE = sqrt(1/10 - 1/40 + 1/30 - 1/200) = sqrt(0.103333) = 0.321455; factor exp(0.630052) = 1.877708.
    ratio = proportion_ratio(10, 40, 30, 200)
    assert ratio is not None
    assert ratio.value == pytest.approx(5 / 3)
    assert ratio.low == pytest.approx(0.887607, abs=1e-6)
    assert ratio.high == pytest.approx(3.129513, abs=1e-6)


def test_nothing_is_worked_out_from_zero() -> None:
    assert rate_ratio(0, 1000, 5, 1000) is None
    assert rate_ratio(5, 1000, 0, 1000) is None
    assert rate_ratio(5, 0, 5, 1000) is None
    assert proportion_ratio(0, 10, 5, 10) is None
    assert proportion_ratio(11, 10, 5, 10) is None


counts = st.integers(min_value=1, max_value=100_000)


@given(a=counts, b=counts, extra_a=st.integers(0, 10**7), extra_b=st.integers(0, 10**7))
def test_rate_interval_contains_the_estimate(a: int, b: int, extra_a: int, extra_b: int) -> None:
    ratio = rate_ratio(a, a + extra_a, b, b + extra_b)
    assert ratio is not None
    assert ratio.low <= ratio.value <= ratio.high
    # Symmetric on the log scale.
    assert math.log(ratio.value) - math.log(ratio.low) == pytest.approx(
        math.log(ratio.high) - math.log(ratio.value)
    )


@given(a=counts, extra=st.integers(0, 10**7))
def test_a_group_against_itself_is_one(a: int, extra: int) -> None:
    ratio = rate_ratio(a, a + extra, a, a + extra)
    assert ratio is not None
    assert ratio.value == pytest.approx(1.0)
    assert ratio.contains(1.0)
    proportion = proportion_ratio(a, a + extra, a, a + extra)
    assert proportion is not None
    assert proportion.value == pytest.approx(1.0)
    assert proportion.contains(1.0)


@given(a=counts, b=counts, n_a=counts, n_b=counts)
def test_swapping_the_groups_inverts_the_ratio(a: int, b: int, n_a: int, n_b: int) -> None:
    forward, backward = rate_ratio(a, n_a, b, n_b), rate_ratio(b, n_b, a, n_a)
    assert forward is not None and backward is not None
    assert forward.value * backward.value == pytest.approx(1.0)
    assert forward.low * backward.high == pytest.approx(1.0)


@given(a=counts, b=counts, more_a=st.integers(0, 10**6), more_b=st.integers(0, 10**6))
def test_proportion_interval_contains_the_estimate(a: int, b: int, more_a: int, more_b: int) -> None:
    ratio = proportion_ratio(a, a + more_a, b, b + more_b)
    assert ratio is not None
    assert ratio.low <= ratio.value <= ratio.high
