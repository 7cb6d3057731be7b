"""KYC derivation (DOMAIN §5.1): a pure function of the store's license statuses.

any ``verified`` ⇒ verified; else any ``expired`` and no ``rejected`` ⇒ expired; else any
``rejected`` ⇒ rejected; else ⇒ pending_verification (also with no license at all).
``suspended`` is an admin decision that derivation never overwrites.
"""

from __future__ import annotations

from collections.abc import Iterable

SUSPENDED = "suspended"


def derive_kyc(license_statuses: Iterable[str], current: str) -> str:
    if current == SUSPENDED:
        return SUSPENDED
    statuses = set(license_statuses)
    if "verified" in statuses:
        return "verified"
    if "expired" in statuses and "rejected" not in statuses:
        return "expired"
    if "rejected" in statuses:
        return "rejected"
    return "pending_verification"
