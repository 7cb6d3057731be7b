"""pf_common.money: integer cents, half-up rounding, percentages and millicents.

The properties compare with a reference computed on ``Fraction`` (exact rationals) by the
textbook definition, independent of the module's Decimal and integer arithmetic.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pf_common.money import (
    cents_to_millicents,
    millicents_to_cents,
    percent_of,
    round_half_up,
)

HALF = Fraction(1, 2)
BIGINT = 2**63 - 1

cents = st.integers(min_value=-(10**15), max_value=10**15)
non_negative_cents = st.integers(min_value=0, max_value=BIGINT)
# Random decimals and fractions almost never land on a tie: mix exact ties (±n.5) in.
decimal_ties = st.builds(
    lambda n, negative: Decimal(f"{'-' if negative else ''}{n}.5"),
    st.integers(min_value=0, max_value=10**40),
    st.booleans(),
)
finite_decimals = st.one_of(st.decimals(allow_nan=False, allow_infinity=False), decimal_ties)
fractions = st.one_of(st.fractions(), st.integers().map(lambda n: Fraction(2 * n + 1, 2)))
# DOMAIN §0: discount percents are numeric(7,4) in 0-100.
spec_percents = st.decimals(min_value=0, max_value=100, places=4)
wide_percents = st.decimals(min_value=-(10**6), max_value=10**6, places=9)


def reference_round(value: Fraction) -> int:
    """Nearest integer, a tie away from zero: sign(x) · floor(|x| + ½)."""
    magnitude = math.floor(abs(value) + HALF)
    return -magnitude if value < 0 else magnitude


# --- round_half_up ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0"), 0),
        (Decimal("0.4999999999999999999999999999999"), 0),
        (Decimal("0.5"), 1),
        (Decimal("1.5"), 2),
        (Decimal("2.5"), 3),  # not banker's rounding (round() would give 2)
        (Decimal("249.875"), 250),
        (Decimal("-0.5"), -1),  # away from zero, not floor(x + ½) = 0
        (Decimal("-2.5"), -3),
        (Decimal("-2.4999"), -2),
        (Decimal("1E+3"), 1000),
        (Decimal("123456789012345678901234567890.5"), 123456789012345678901234567891),
        (Fraction(1, 2), 1),
        (Fraction(-3, 2), -2),
        (Fraction(2, 3), 1),
        (7, 7),
    ],
)
def test_round_half_up_examples(value: Decimal | Fraction | int, expected: int) -> None:
    result = round_half_up(value)

    assert result == expected
    assert type(result) is int


@given(finite_decimals)
def test_round_half_up_of_a_decimal_matches_the_fraction_reference(value: Decimal) -> None:
    assert round_half_up(value) == reference_round(Fraction(value))


@given(fractions)
def test_round_half_up_of_a_fraction_matches_the_reference(value: Fraction) -> None:
    assert round_half_up(value) == reference_round(value)


@given(fractions.filter(lambda f: f >= 0))
def test_round_half_up_of_a_non_negative_amount_is_floor_of_x_plus_a_half(value: Fraction) -> None:
    result = round_half_up(value)

    assert result == math.floor(value + HALF)
    assert abs(value - result) <= HALF


@given(finite_decimals)
def test_round_half_up_is_symmetric_and_ignores_the_context_precision(value: Decimal) -> None:
    expected = round_half_up(value)

    with localcontext() as ctx:
        ctx.prec = 2
        low_precision = round_half_up(value)

    assert low_precision == expected
    assert round_half_up(value.copy_negate()) == -expected  # unary minus would round to 28 digits


# --- percent_of ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "percent", "expected"),
    [
        (1999, "12.5", 250),  # 249.875
        (1000, "0.05", 1),  # 0.5: a tie rounds up
        (999, "0.05", 0),  # 0.4995
        (1, "50", 1),  # 0.5
        (3, "50", 2),  # 1.5
        (300, "33.3333", 100),  # 99.9999
        (2500, Decimal("10.0000"), 250),
        (2500, 10, 250),
        (4200, "100", 4200),
        (4200, "0", 0),
        (0, "37.5", 0),
    ],
)
def test_percent_of_spec_pricing_examples(price: int, percent: str | Decimal | int, expected: int) -> None:
    discount_per_unit = percent_of(price, percent)

    assert discount_per_unit == expected
    assert type(discount_per_unit) is int


@given(non_negative_cents, spec_percents)
def test_percent_of_matches_the_reference_for_spec_percents(amount: int, percent: Decimal) -> None:
    expected = reference_round(Fraction(amount) * Fraction(percent) / 100)

    assert percent_of(amount, percent) == expected
    assert percent_of(amount, str(percent)) == expected
    assert 0 <= expected <= amount


@given(cents, wide_percents)
def test_percent_of_is_exact_for_any_amount_and_percent(amount: int, percent: Decimal) -> None:
    expected = reference_round(Fraction(amount) * Fraction(percent) / 100)

    with localcontext() as ctx:  # the caller's context does not matter
        ctx.prec = 3
        assert percent_of(amount, percent) == expected


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**6))
def test_percent_of_rounds_an_exact_half_cent_up(k: int, odd: int) -> None:
    # An odd amount at an odd multiple of 50 % lands on a half cent; so does 0.5 % of 200n + 100.
    amount = 2 * k + 1
    percent = Decimal(50 * (2 * odd + 1))
    tie_amount = 200 * k + 100

    assert percent_of(amount, percent) == (amount * (2 * odd + 1) + 1) // 2
    assert percent_of(tie_amount, "0.5") == k + 1
    assert percent_of(-tie_amount, "0.5") == -(k + 1)


# --- millicents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("millicents", "expected"),
    [
        (750, 1),  # ADS §12: bid 250, 3 impressions
        (500, 1),  # 2 impressions: the tie rounds up
        (250, 0),  # 1 impression
        (0, 0),
        (499, 0),
        (1499, 1),
        (1500, 2),
        (-500, -1),
    ],
)
def test_millicents_to_cents_ads_examples(millicents: int, expected: int) -> None:
    assert millicents_to_cents(millicents) == expected


@given(st.integers(min_value=0, max_value=BIGINT))
def test_millicents_to_cents_is_the_ads_formula(millicents: int) -> None:
    result = millicents_to_cents(millicents)

    assert result == (millicents + 500) // 1000
    assert result == math.floor(Fraction(millicents + 500, 1000))
    assert result == reference_round(Fraction(millicents, 1000))


@given(st.integers())
def test_millicents_to_cents_rounds_like_round_half_up(millicents: int) -> None:
    result = millicents_to_cents(millicents)

    assert result == reference_round(Fraction(millicents, 1000))
    assert result == round_half_up(Fraction(millicents, 1000))
    assert millicents_to_cents(-millicents) == -result


@given(cents)
def test_cents_round_trip_through_millicents(amount: int) -> None:
    millicents = cents_to_millicents(amount)

    away = 1 if amount >= 0 else -1  # the direction of a tie

    assert millicents == amount * 1000
    assert millicents_to_cents(millicents) == amount
    assert millicents_to_cents(millicents + away * 499) == amount
    assert millicents_to_cents(millicents + away * 500) == amount + away


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0.5, True, False, None, "1"])
def test_round_half_up_refuses_non_exact_or_non_numbers(bad: object) -> None:
    with pytest.raises(TypeError):
        round_half_up(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_round_half_up_refuses_non_finite_decimals(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="finite"):
        round_half_up(bad)


@pytest.mark.parametrize("amount", [19.99, True, Decimal("1999"), "1999", None])
def test_percent_of_refuses_an_amount_that_is_not_int_cents(amount: object) -> None:
    with pytest.raises(TypeError, match="amount_cents"):
        percent_of(amount, "10")  # type: ignore[arg-type]


@pytest.mark.parametrize("percent", [0.1, True, None, Fraction(1, 10)])
def test_percent_of_refuses_a_float_or_bool_percent(percent: object) -> None:
    with pytest.raises(TypeError, match="percent"):
        percent_of(1000, percent)  # type: ignore[arg-type]


@pytest.mark.parametrize("percent", ["", "ten", "12,5", "NaN", "Infinity", Decimal("NaN"), "1e999999999"])
def test_percent_of_refuses_a_malformed_or_absurd_percent(percent: str | Decimal) -> None:
    with pytest.raises(ValueError, match="percent"):
        percent_of(1000, percent)


@pytest.mark.parametrize("bad", [1.0, True, Decimal("1"), "1000", None])
def test_millicent_conversions_take_ints_only(bad: object) -> None:
    with pytest.raises(TypeError):
        millicents_to_cents(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cents_to_millicents(bad)  # type: ignore[arg-type]
