"""Money as integer US cents, and the spec's one rounding rule (DOMAIN §8.5: half up).

Every amount is an ``int`` of cents (``*_cents`` columns, API money fields). Fractions of a
cent exist only in between: a percentage of a price (DOMAIN §5.4 pricing,
``discount_per_unit = round_half_up(price × percent / 100)``) and ad spend in millicents
(ADS §12). This module turns those back into cents exactly: Decimal, Fraction and integer
arithmetic only, never ``float``.

* :func:`round_half_up` rounds a ``Decimal`` (or ``Fraction``/``int``) to an ``int``.
* :func:`percent_of` is ``round_half_up(amount_cents × percent / 100)``.
* :func:`millicents_to_cents` is ADS §12's ``floor((mc + 500) / 1000)``;
  :func:`cents_to_millicents` is ``cents × 1000``.

**Ties go away from zero** (``2.5 → 3``, ``-2.5 → -3``: ``decimal.ROUND_HALF_UP``), not toward
+∞ (``floor(x + ½)``, which gives ``-2.5 → -2``). The spec rounds only non-negative amounts,
where the two agree, and ADS §12's ``floor((mc + 500) / 1000)`` is exactly this rule for
``mc ≥ 0``. For a negative amount (a credit, a reversal) the symmetric rule keeps
``round(-x) == -round(x)``: a charge and its reversal round to amounts that cancel, and the
name means what ``decimal.ROUND_HALF_UP`` means to a Python reader.

Inputs are checked: a ``bool`` is not an amount and a ``float`` is refused (``TypeError``,
so nobody passes ``0.1``); a NaN or infinite ``Decimal`` is a ``ValueError``. This module
imports only the stdlib, so a service's pure ``domain/rules`` may use it.
"""

from __future__ import annotations

from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
    localcontext,
)
from fractions import Fraction

__all__ = [
    "MILLICENTS_PER_CENT",
    "cents_to_millicents",
    "millicents_to_cents",
    "percent_of",
    "round_half_up",
]

MILLICENTS_PER_CENT = 1000

# No price is discounted by 10^30 %; the bound stops an exponent typo ("1e999999999") from
# making percent_of build a billion-digit integer.
_MAX_PERCENT_ADJUSTED_EXPONENT = 30


def _require_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int of cents, not {type(value).__name__}")
    return value


def _require_finite(value: Decimal, name: str) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value}")
    return value


def round_half_up(value: Decimal | Fraction | int) -> int:
    """The nearest ``int``; a tie (``x.5``) goes away from zero: ``2.5 → 3``, ``-2.5 → -3``.

    Exact for any finite ``Decimal`` (independent of the decimal context's precision) or
    ``Fraction``; an ``int`` is returned as is. ``float`` and ``bool`` ⇒ ``TypeError``.
    """
    if isinstance(value, bool):
        raise TypeError("round_half_up takes a Decimal, Fraction or int, not bool")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        _require_finite(value, "value")
        # to_integral_value ignores the context precision: exact for any exponent.
        return int(value.to_integral_value(rounding=ROUND_HALF_UP))
    if isinstance(value, Fraction):
        # floor(|n|/d + 1/2) == (2|n| + d) // 2d, in integers (d > 0 for a Fraction).
        n, d = value.numerator, value.denominator
        magnitude = (2 * abs(n) + d) // (2 * d)
        return -magnitude if n < 0 else magnitude
    raise TypeError(f"round_half_up takes a Decimal, Fraction or int, not {type(value).__name__}")


def _as_percent(percent: Decimal | str | int) -> Decimal:
    if isinstance(percent, bool):  # an int subclass; a float falls through to the TypeError below
        raise TypeError("percent must be a Decimal, str or int, not bool")
    if isinstance(percent, Decimal):
        pct = percent
    elif isinstance(percent, int):
        pct = Decimal(percent)
    elif isinstance(percent, str):
        try:
            pct = Decimal(percent)
        except InvalidOperation:
            raise ValueError(f"percent is not a decimal number: {percent!r}") from None
    else:
        raise TypeError(f"percent must be a Decimal, str or int, not {type(percent).__name__}")
    _require_finite(pct, "percent")
    if pct and pct.adjusted() > _MAX_PERCENT_ADJUSTED_EXPONENT:
        raise ValueError(f"percent out of range: {percent!r}")
    return pct


def percent_of(amount_cents: int, percent: Decimal | str | int) -> int:
    """``round_half_up(amount_cents × percent / 100)`` in cents, computed exactly.

    ``percent_of(1999, "12.5") == 250`` (249.875 ¢). ``percent`` is a ``Decimal``, a decimal
    string (``"12.5"``, as ``numeric(7,4)`` columns come back) or an ``int``; no range is
    imposed (clamping a discount to ``[0, price]`` is the caller's rule, DOMAIN §5.4).
    """
    amount = _require_int(amount_cents, "amount_cents")
    pct = _as_percent(percent)
    # A context wide enough for the exact product, with every kind of rounding trapped:
    # the multiplication and the division by 100 (an exponent shift) can never round.
    digits = len(str(abs(amount))) + len(pct.as_tuple().digits) + 3
    exact = Context(
        prec=digits, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, Inexact, Rounded, Overflow]
    )
    with localcontext(exact):
        value = Decimal(amount) * pct / 100
    return round_half_up(value)


def millicents_to_cents(millicents: int) -> int:
    """Cents of an amount in millicents (1/1000 ¢), ADS §12: ``floor((mc + 500) / 1000)``.

    Half up in integers: ``750 → 1``, ``500 → 1``, ``250 → 0``, ``1500 → 2``. A negative
    amount (the spec has none) rounds symmetrically, like :func:`round_half_up`.
    """
    mc = _require_int(millicents, "millicents")
    magnitude = (abs(mc) + MILLICENTS_PER_CENT // 2) // MILLICENTS_PER_CENT
    return -magnitude if mc < 0 else magnitude


def cents_to_millicents(cents: int) -> int:
    """Millicents of an amount in cents: ``cents × 1000`` (exact; a budget gate compares
    ``spend_mc + bid_cents ≤ cents_to_millicents(daily_budget_cents)``, ADS §12)."""
    return _require_int(cents, "cents") * MILLICENTS_PER_CENT
