"""The vendor order and line item state machines (DOMAIN §5.4; G-5, G-6, G-29): pure.

Each transition takes the order's status and its lines' statuses and returns a :class:`Change`:
the new statuses, the lines whose stock is released (exactly once per line: a line holds stock
from its reservation until it is rejected, or its order canceled or expired; a line rejected at
checkout never held any) and what happened (for the events). A transition that already holds is a
no-op (``Change.noop``); one from a state the table does not list raises :class:`IllegalTransition`
(422 STATE_CONFLICT).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final
from uuid import UUID

CREATED_PENDING: Final = "created_pending"
ACCEPTED: Final = "accepted"
REJECTED: Final = "rejected"
READY_FOR_DISPATCH: Final = "ready_for_dispatch"
IN_TRANSIT: Final = "in_transit"
DELIVERED: Final = "delivered"
CLOSED: Final = "closed"
CANCELED: Final = "canceled"
EXPIRED: Final = "expired"
HOLD: Final = "hold"

PENDING_LINE: Final = "pending"
FULFILLED_LINE: Final = "fulfilled"
REJECTED_LINE: Final = "rejected"

#: lines not decided yet (``accepted``/``hold`` are reserved values, treated as open)
OPEN_LINES: Final = frozenset({PENDING_LINE, "accepted", "hold"})
#: lines whose reservation is still held or confirmed (fulfilled lines hold until delivery, G-29)
HOLDING_LINES: Final = OPEN_LINES | {FULFILLED_LINE}
#: no nudge, no cancel: the order left the vendor or ended
FINAL: Final = frozenset({IN_TRANSIT, DELIVERED, CLOSED, CANCELED, EXPIRED, REJECTED})
CANCELLABLE: Final = frozenset({CREATED_PENDING, ACCEPTED, READY_FOR_DISPATCH})
LINE_DECIDABLE_ORDER: Final = frozenset({CREATED_PENDING, ACCEPTED})


class IllegalTransition(Exception):
    def __init__(self, message: str, *, reason: str, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details or {}


@dataclass(frozen=True, slots=True)
class Change:
    status: str
    lines: Mapping[UUID, str]  # every line's status after the change
    released: tuple[UUID, ...] = ()  # lines whose stock this change gives back
    implicit_accept: bool = False  # a first line decision accepted the order (G-5)
    ready: bool = False  # the last open line was decided with >= 1 fulfilled
    all_rejected: bool = False  # the last open line was decided, none fulfilled
    noop: bool = False
    fulfillment_status: str | None = None  # set when the order's lines are all decided


@dataclass(frozen=True, slots=True)
class OrderFacts:
    status: str
    lines: Mapping[UUID, str] = field(default_factory=dict)


def _illegal(action: str, status: str) -> IllegalTransition:
    return IllegalTransition(
        f"cannot {action} an order that is {status}",
        reason="illegal_transition",
        details={"status": status, "action": action},
    )


def decide_order(order: OrderFacts, decision: str) -> Change:
    """Order-level accept/reject (vendor). Repeating the decision that holds is a no-op."""
    if decision == "accept":
        if order.status == ACCEPTED:
            return Change(order.status, order.lines, noop=True)
        if order.status != CREATED_PENDING:
            raise _illegal("accept", order.status)
        return Change(ACCEPTED, order.lines)
    if decision != "reject":
        raise ValueError(f"unknown decision {decision!r}")
    if order.status == REJECTED:
        return Change(order.status, order.lines, noop=True)
    if order.status != CREATED_PENDING:
        raise _illegal("reject", order.status)
    lines = {i: (REJECTED_LINE if s in OPEN_LINES else s) for i, s in order.lines.items()}
    released = tuple(i for i, s in order.lines.items() if s in HOLDING_LINES)
    return Change(REJECTED, lines, released=released)


def decide_line(order: OrderFacts, line_id: UUID, decision: str) -> Change:
    """Line-level fulfill/reject (vendor): implicit acceptance on the first, dispatch or rejection
    of the whole order on the last open line."""
    if decision not in ("fulfill", "reject"):
        raise ValueError(f"unknown decision {decision!r}")
    target = FULFILLED_LINE if decision == "fulfill" else REJECTED_LINE
    current = order.lines[line_id]
    if current == target:
        return Change(order.status, order.lines, noop=True)
    if order.status not in LINE_DECIDABLE_ORDER:
        raise _illegal("decide lines of", order.status)
    if current not in OPEN_LINES:
        raise IllegalTransition(
            f"the line is already {current}", reason="line_final", details={"line_status": current}
        )
    lines = {**order.lines, line_id: target}
    released = (line_id,) if target == REJECTED_LINE else ()
    implicit = order.status == CREATED_PENDING
    if any(s in OPEN_LINES for s in lines.values()):
        return Change(ACCEPTED, lines, released=released, implicit_accept=implicit)
    fulfilled = [s for s in lines.values() if s == FULFILLED_LINE]
    if not fulfilled:
        return Change(REJECTED, lines, released=released, implicit_accept=implicit, all_rejected=True)
    partial = any(s == REJECTED_LINE for s in lines.values())
    return Change(
        READY_FOR_DISPATCH,
        lines,
        released=released,
        implicit_accept=implicit,
        ready=True,
        fulfillment_status="partial" if partial else "fulfilled",
    )


def cancel(order: OrderFacts) -> Change:
    """Buyer cancel, only before pickup: open lines rejected, every line still holding stock
    released (fulfilled ones too, G-29). Cancel of a canceled order is a no-op."""
    return _end(order, CANCELED, "cancel")


def expire(order: OrderFacts) -> Change:
    """The TTL job at created_at + 10 d (only ``created_pending``): as cancel."""
    if order.status == EXPIRED:
        return Change(order.status, order.lines, noop=True)
    if order.status != CREATED_PENDING:
        raise _illegal("expire", order.status)
    return _end(order, EXPIRED, "expire")


def _end(order: OrderFacts, status: str, action: str) -> Change:
    if order.status == status:
        return Change(order.status, order.lines, noop=True)
    if order.status not in CANCELLABLE:
        raise _illegal(action, order.status)
    lines = {i: (REJECTED_LINE if s in OPEN_LINES else s) for i, s in order.lines.items()}
    released = tuple(i for i, s in order.lines.items() if s in HOLDING_LINES)
    return Change(status, lines, released=released)


def ensure_nudgeable(status: str) -> None:
    """A buyer's manual nudge: any status that is not final."""
    if status in FINAL:
        raise _illegal("nudge", status)


def ensure_retryable(status: str) -> None:
    if status != EXPIRED:
        raise _illegal("retry", status)
