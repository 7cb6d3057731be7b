"""orders' errors with stable reasons (HOUSE_STYLE §4): each maps to a canonical envelope."""

from __future__ import annotations

from typing import Any

from pf_common.errors import Conflict, Forbidden, NotFound, StateConflict


class LicenceNotVerified(Forbidden):
    """403: a party's licence (KYC) is not verified in orders' store projection. Unlike other 403s
    it names the party in ``details`` (``{"party": "buyer"|"vendor", "store_id", "kyc_status"}``) so
    a client can tell the buyer whose licence blocks the step."""

    allows_details = True

    def __init__(self, party: str, store_id: Any, kyc_status: str | None) -> None:
        super().__init__(
            f"the {party}'s licence is not verified",
            details={"party": party, "store_id": str(store_id), "kyc_status": kyc_status or "unknown"},
            reason=f"{party}_kyc_not_verified",
        )


class NoStoreState(Forbidden):
    default_message = "the buyer store has no address state"


class VendorNotFound(NotFound):
    default_message = "vendor not found"


class ProductNotFound(NotFound):
    default_message = "product not found"


class CartNotFound(NotFound):
    default_message = "cart not found"


class OrderNotFound(NotFound):
    default_message = "order not found"


class QuoteExpired(Conflict):
    default_message = "quote expired"


class NothingOrderable(Conflict):
    default_message = "the cart has no orderable items"


class MoqViolation(StateConflict):
    default_message = "quantities no longer meet the products' order limits"
