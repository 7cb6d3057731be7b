"""Demo data for ``make up`` (``python -m pf_identity.seed``): an admin, two agents, three
vendor stores and two buyer stores in Oklahoma, each with an owner and a staff member.

The third vendor (Cimarron Craft Co., ``vendor3``) is the demo's hidden vendor: make up verifies
its license and gives it products but no subscription, so buyers never see its listings
(DOMAIN §4.5); vendors 1 and 2 subscribe through the gateway (``deploy/local/demo_catalog.py``).

Idempotent: accounts are found by email and left alone when they exist. Passwords are
random, generated on the first run and kept in ``<data dir>/demo-logins.json`` (git-ignored,
never in the repo); every run prints the logins. Refuses to run in production.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import string
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pf_common.db import Database
from pf_common.events.identity import AgentUpsertedV1, StoreCreatedV1
from pf_common.ids import uuid7
from pf_common.outbox import emit
from pf_identity.domain.passwords import Passwords
from pf_identity.domain.queries import user_by_email
from pf_identity.models import Store, StoreMembership, User
from pf_identity.settings import Settings

DOMAIN = "demo.example.com"  # RFC 2606; ".test" is refused by email validation at login


def _address(line1: str, city: str, postal: str, lat: float, lng: float) -> dict[str, Any]:
    return {
        "line1": line1,
        "city": city,
        "state": "OK",
        "postal_code": postal,
        "country": "US",
        "lat": lat,
        "lng": lng,
    }


STORES = [
    (
        "vendor",
        "Red Earth Growers",
        "vendor1",
        _address("2100 NW 10th St", "Oklahoma City", "73107", 35.48, -97.55),
    ),
    ("vendor", "Prairie Wind Farms", "vendor2", _address("450 E Main St", "Norman", "73071", 35.22, -97.44)),
    (
        "vendor",
        "Cimarron Craft Co.",
        "vendor3",
        _address("118 W Oklahoma Ave", "Guthrie", "73044", 35.88, -97.43),
    ),
    (
        "buyer",
        "Bricktown Dispensary",
        "buyer1",
        _address("100 E Sheridan Ave", "Oklahoma City", "73104", 35.47, -97.51),
    ),
    ("buyer", "Tulsa Green Shop", "buyer2", _address("15 W 3rd St", "Tulsa", "74103", 36.15, -95.99)),
]
# the stores' phones (555-01xx: reserved for fiction), on the agent's order detail with the addresses
PHONES = {
    "vendor1": "(405) 555-0101",
    "vendor2": "(405) 555-0102",
    "vendor3": "(405) 555-0103",
    "buyer1": "(405) 555-0111",
    "buyer2": "(918) 555-0112",
}
PEOPLE = [("admin", "Ada", "Admin"), ("agent1", "Kim", "Courier"), ("agent2", "Lee", "Driver")]


def _password() -> str:
    alphabet = string.ascii_letters + string.digits
    return "Demo-" + "".join(secrets.choice(alphabet) for _ in range(14)) + "-7"


def _load_logins(path: Path) -> dict[str, str]:
    return json.loads(path.read_text()) if path.exists() else {}


async def _user(
    session: Any,
    passwords: Passwords,
    logins: dict[str, str],
    handle: str,
    first: str,
    last: str,
    system_role: str | None = None,
) -> tuple[User, bool]:
    email = f"{handle}@{DOMAIN}"
    existing = await user_by_email(session, email)
    if existing is not None:
        return existing, False
    logins.setdefault(email, _password())
    user = User(
        id=uuid7(),
        email=email,
        password_hash=await passwords.hash(logins[email]),
        first_name=first,
        last_name=last,
        system_role=system_role,
    )
    session.add(user)
    await session.flush()
    return user, True


async def seed(settings: Settings) -> list[tuple[str, str, str]]:
    logins_path = Path(settings.resolved_keys_dir()).parent / "demo-logins.json"
    logins = _load_logins(logins_path)
    passwords = Passwords.from_settings(settings)
    db = Database.from_settings(settings)
    now = datetime.now(UTC)
    rows: list[tuple[str, str, str]] = []
    try:
        async with db.transaction() as session:
            for handle, first, last in PEOPLE:
                role = "admin" if handle == "admin" else "agent"
                user, created = await _user(session, passwords, logins, handle, first, last, system_role=role)
                if created and role == "agent":
                    await emit(
                        session,
                        AgentUpsertedV1(
                            user_id=user.id,
                            first_name=first,
                            last_name=last,
                            email=user.email,
                            is_active=True,
                        ),
                    )
                rows.append((role, user.email, "admin login" if role == "admin" else "agent"))
            for store_type, name, handle, address in STORES:
                owner, created = await _user(
                    session, passwords, logins, f"{handle}-owner", "Olivia", name.split()[0]
                )
                staff, _ = await _user(session, passwords, logins, f"{handle}-staff", "Sam", name.split()[0])
                rows += [
                    (f"{store_type} owner", owner.email, name),
                    (f"{store_type} staff", staff.email, name),
                ]
                if not created:
                    continue
                store = Store(
                    id=uuid7(),
                    type=store_type,
                    company_name=name,
                    phone=PHONES[handle],
                    address=address,
                    owner_user_id=owner.id,
                    email=f"{handle}@{DOMAIN}",
                    created_at=now,
                    updated_at=now,
                )
                session.add(store)
                await session.flush()
                session.add_all(
                    [
                        StoreMembership(
                            id=uuid7(), store_id=store.id, user_id=owner.id, role="owner", status="active"
                        ),
                        StoreMembership(
                            id=uuid7(), store_id=store.id, user_id=staff.id, role="staff", status="active"
                        ),
                    ]
                )
                await emit(
                    session,
                    StoreCreatedV1(
                        store_id=store.id,
                        type=store.type,
                        company_name=name,
                        phone=PHONES[handle],
                        address=address,
                        owner_user_id=owner.id,
                        owner_email=owner.email,
                        kyc_status=store.kyc_status or "pending_verification",
                        subscription_active=False,
                        created_at=now,
                    ),
                    store_id=store.id,
                )
    finally:
        await db.dispose()
    logins_path.parent.mkdir(parents=True, exist_ok=True)
    logins_path.write_text(json.dumps(logins, indent=2) + "\n")
    logins_path.chmod(0o600)
    return [
        (role, email, f"{logins.get(email, '(set before this file existed)')}  {where}")
        for role, email, where in rows
    ]


def main() -> int:
    settings = Settings()
    if settings.environment == "prod":
        print("identity seed: refusing to seed demo accounts in production", file=sys.stderr)
        return 2
    rows = asyncio.run(seed(settings))
    print("Demo logins (http://localhost:8080; admins use /api/admin/v1/auth/login):")
    for role, email, rest in rows:
        print(f"  {role:<13} {email:<40} {rest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
