"""Membership rules: who may invite which role, who may be removed (DOMAIN §4.2-4.3, §5.1)."""

from __future__ import annotations

from pf_common.principal import MANAGE


def can_invite(inviter_role: str | None, role: str) -> bool:
    """MANAGE roles invite; only an owner may make another owner."""
    if inviter_role not in MANAGE:
        return False
    return role != "owner" or inviter_role == "owner"


def removal_leaves_an_owner(member_role: str, active_owner_count: int) -> bool:
    """Removing the last owner of a store is refused (409)."""
    return member_role != "owner" or active_owner_count > 1
