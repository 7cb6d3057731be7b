"""KYC derivation (DOMAIN §5.1) as a table over every combination of license statuses."""

from __future__ import annotations

from itertools import product

import pytest

from pf_identity.domain.rules.kyc import derive_kyc

STATUSES = ("pending", "verified", "rejected", "expired")

# (has pending, has verified, has rejected, has expired) -> derived status
TABLE = {
    (0, 0, 0, 0): "pending_verification",
    (1, 0, 0, 0): "pending_verification",
    (0, 1, 0, 0): "verified",
    (1, 1, 0, 0): "verified",
    (0, 0, 1, 0): "rejected",
    (1, 0, 1, 0): "rejected",
    (0, 1, 1, 0): "verified",
    (1, 1, 1, 0): "verified",
    (0, 0, 0, 1): "expired",
    (1, 0, 0, 1): "expired",
    (0, 1, 0, 1): "verified",
    (1, 1, 0, 1): "verified",
    (0, 0, 1, 1): "rejected",
    (1, 0, 1, 1): "rejected",
    (0, 1, 1, 1): "verified",
    (1, 1, 1, 1): "verified",
}


def test_the_table_covers_every_combination():
    assert set(TABLE) == set(product((0, 1), repeat=4))


@pytest.mark.parametrize("present", sorted(TABLE))
@pytest.mark.parametrize("current", ["pending_verification", "verified", "rejected", "expired"])
@pytest.mark.parametrize("copies", [1, 3])
def test_derivation(present, current, copies):
    licenses = [s for s, has in zip(STATUSES, present, strict=True) if has] * copies
    assert derive_kyc(licenses, current) == TABLE[present]


@pytest.mark.parametrize("present", sorted(TABLE))
def test_suspended_is_never_overwritten(present):
    licenses = [s for s, has in zip(STATUSES, present, strict=True) if has]
    assert derive_kyc(licenses, "suspended") == "suspended"
