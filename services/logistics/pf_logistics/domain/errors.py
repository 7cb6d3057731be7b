"""logistics' errors with stable reasons (HOUSE_STYLE §4): each maps to a canonical envelope."""

from __future__ import annotations

from typing import Any

from pf_common.errors import Conflict, Forbidden, NotFound, StateConflict


class OrderNotFound(NotFound):
    default_message = "order not found"


class AgentNotFound(NotFound):
    default_message = "agent not found"


class NotAssigned(Forbidden):
    """403: the order is not assigned to the calling agent (another agent's, or nobody's)."""

    default_message = "the order is not assigned to you"


class LicenceNotVerified(Forbidden):
    """403 at hand-over: a party's licence (KYC) is not verified in logistics' store projection.
    Unlike other 403s it names the party in ``details`` (``{"party": "buyer"|"vendor", "store_id",
    "kyc_status"}``), as orders' does, so the agent can tell which store blocks the pickup."""

    allows_details = True

    def __init__(self, party: str, store_id: Any, kyc_status: str | None) -> None:
        super().__init__(
            f"the {party}'s licence is not verified",
            details={"party": party, "store_id": str(store_id), "kyc_status": kyc_status or "unknown"},
            reason=f"{party}_kyc_not_verified",
        )


class WrongOrderState(StateConflict):
    """422: the step is not allowed from the order's dispatch status (``details.status``)."""

    def __init__(self, message: str, *, status: str, reason: str) -> None:
        super().__init__(message, details={"status": status}, reason=reason)


class CashAlreadyRecorded(StateConflict):
    """422: this assignment's cash is recorded already, with another amount."""

    def __init__(self, *, amount_cents: int) -> None:
        super().__init__(
            "the cash of this order is recorded already with another amount",
            details={"payment_status": "settled", "amount_cents": amount_cents},
            reason="cash_already_recorded",
        )


class AlreadyAssigned(Conflict):
    default_message = "the order is assigned to another agent"
