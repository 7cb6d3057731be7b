"""Who may buy from whom (DOMAIN §4.4-§4.5), on the store projection's facts: pure.

* a buyer (or vendor-as-buyer) may quote, check out, cancel and retry only with KYC ``verified``
  and an address state;
* a vendor is orderable by a buyer iff it is a vendor, KYC ``verified``, subscription active and in
  the buyer's state (catalog's visibility rule: otherwise it is hidden, 404);
* a vendor may accept only while its own licence is verified and the buyer's still is.
"""

from __future__ import annotations

from typing import Protocol

VERIFIED = "verified"


class StoreFacts(Protocol):
    """The projected columns the gates read (a ``StoreProjection`` row)."""

    @property
    def type(self) -> str | None: ...
    @property
    def kyc_status(self) -> str: ...
    @property
    def subscription_active(self) -> bool: ...
    @property
    def state(self) -> str | None: ...


def normalize_state(state: str | None) -> str | None:
    """DOMAIN §2: states compare upper-cased and trimmed; blank is no state."""
    if state is None:
        return None
    return state.strip().upper() or None


def kyc_verified(store: StoreFacts | None) -> bool:
    return store is not None and store.kyc_status == VERIFIED


def vendor_orderable(vendor: StoreFacts | None, buyer_state: str | None) -> bool:
    """Whether a buyer in ``buyer_state`` may see and order from ``vendor`` (DOMAIN §4.5)."""
    state = normalize_state(buyer_state)
    return (
        vendor is not None
        and state is not None
        and vendor.type == "vendor"
        and vendor.kyc_status == VERIFIED
        and vendor.subscription_active is True
        and normalize_state(vendor.state) == state
    )
