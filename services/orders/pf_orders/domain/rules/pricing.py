"""Quote and order money (DOMAIN §5.4 quote steps 4-7 and "Money rules"): integer cents, Decimal
percentages, half-up rounding (``pf_common.money``), never a float.

* :func:`clamp_quantity` — MOQ up, ``max_qty`` (when > 0) down, with the warnings the quote shows.
* :func:`price_line` — the volume tier (highest ``min_qty <= qty``), the per-unit discount
  ``round_half_up(price × percent / 100)`` clamped to ``[0, price]``, and the line amounts.
* :func:`group_totals` — a vendor group over its ``ok`` lines, the promo discount capped at what
  the line discounts leave.
* :func:`order_totals` — a vendor order over its non-rejected lines (the same arithmetic; tax and
  transport fee are 0 in the MVP but added when given).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pf_common.money import percent_of

CLAMPED_TO_MOQ = "clamped_to_moq"
CLAMPED_TO_MAX = "clamped_to_max"


@dataclass(frozen=True, slots=True)
class Tier:
    min_qty: int
    discount_percent: Decimal


@dataclass(frozen=True, slots=True)
class AppliedDiscount:
    label: str
    amount_cents: int  # the line's whole discount


@dataclass(frozen=True, slots=True)
class LinePrice:
    unit_price_cents: int
    effective_unit_price_cents: int
    line_subtotal_cents: int
    line_discounts_cents: int
    line_total_cents: int
    applied: AppliedDiscount | None


@dataclass(frozen=True, slots=True)
class Totals:
    subtotal_cents: int
    line_discounts_cents: int
    promo_discount_cents: int
    discounts_cents: int
    total_cents: int


def clamp_quantity(quantity: int, moq: int, max_qty: int | None) -> tuple[int, list[str]]:
    """The quantity the quote uses and the warning types its clamping raised (step 4)."""
    if quantity < 1:
        raise ValueError("quantity must be >= 1")
    warnings: list[str] = []
    if quantity < moq:
        quantity = moq
        warnings.append(CLAMPED_TO_MOQ)
    if max_qty is not None and max_qty > 0 and quantity > max_qty:
        quantity = max_qty
        warnings.append(CLAMPED_TO_MAX)
    return quantity, warnings


def tier_for(quantity: int, tiers: Iterable[Tier]) -> Tier | None:
    """The highest tier whose ``min_qty <= quantity`` (None: no tier applies)."""
    best: Tier | None = None
    for tier in tiers:
        if tier.min_qty <= quantity and (best is None or tier.min_qty > best.min_qty):
            best = tier
    return best


def price_line(unit_price_cents: int, quantity: int, tiers: Sequence[Tier]) -> LinePrice:
    """Step 5: the line's amounts at ``quantity`` units of ``unit_price_cents``."""
    if unit_price_cents < 0 or quantity < 1:
        raise ValueError("price must be >= 0 and quantity >= 1")
    tier = tier_for(quantity, tiers)
    per_unit = 0
    if tier is not None:
        per_unit = min(max(percent_of(unit_price_cents, tier.discount_percent), 0), unit_price_cents)
    effective = unit_price_cents - per_unit
    subtotal = unit_price_cents * quantity
    total = effective * quantity
    discounts = subtotal - total
    applied = (
        AppliedDiscount(label=f"volume tier {tier.min_qty}+", amount_cents=discounts)
        if tier is not None and discounts > 0
        else None
    )
    return LinePrice(unit_price_cents, effective, subtotal, discounts, total, applied)


def group_totals(lines: Iterable[tuple[int, int]], promo_amount_cents: int | None = None) -> Totals:
    """Step 6 over ``(line_subtotal_cents, line_discounts_cents)`` of the group's ok lines."""
    subtotal = line_discounts = 0
    for line_subtotal, line_discount in lines:
        subtotal += line_subtotal
        line_discounts += line_discount
    promo = min(max(promo_amount_cents or 0, 0), subtotal - line_discounts)
    discounts = line_discounts + promo
    return Totals(subtotal, line_discounts, promo, discounts, subtotal - discounts)


@dataclass(frozen=True, slots=True)
class OrderAmounts:
    subtotal_cents: int
    discounts_cents: int
    total_cents: int


def order_totals(
    lines: Iterable[tuple[int, int]],
    *,
    promo_discount_cents: int = 0,
    tax_cents: int = 0,
    transport_fee_cents: int = 0,
) -> OrderAmounts:
    """DOMAIN §5.4 money rules over ``(line_subtotal_cents, discount_cents)`` of the non-rejected
    lines: the group promo is capped at the subtotal left after line discounts."""
    totals = group_totals(lines, promo_discount_cents)
    return OrderAmounts(
        totals.subtotal_cents, totals.discounts_cents, totals.total_cents + tax_cents + transport_fee_cents
    )
