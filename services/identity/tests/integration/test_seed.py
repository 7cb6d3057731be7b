"""The demo seed of `make up`: creates the demo marketplace once; a second run changes nothing."""

from __future__ import annotations

import json
import os

import sqlalchemy as sa

from pf_common.migrations import upgrade
from pf_common.platform_tables import platform_tables_for
from pf_common.testing.plugin import service_dir
from pf_identity.models import Store, StoreMembership, User
from pf_identity.seed import seed


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    outbox = platform_tables_for("identity").outbox
    with engine.connect() as conn:
        out = {
            "users": conn.execute(sa.select(sa.func.count()).select_from(User)).scalar_one(),
            "stores": conn.execute(sa.select(sa.func.count()).select_from(Store)).scalar_one(),
            "memberships": conn.execute(sa.select(sa.func.count()).select_from(StoreMembership)).scalar_one(),
            "store_created": conn.execute(
                sa.select(sa.func.count()).select_from(outbox).where(outbox.c.event_type == "store_created")
            ).scalar_one(),
            "agent_upserted": conn.execute(
                sa.select(sa.func.count()).select_from(outbox).where(outbox.c.event_type == "agent_upserted")
            ).scalar_one(),
            "ok_stores": conn.execute(
                sa.select(sa.func.count()).select_from(Store).where(Store.address["state"].astext == "OK")
            ).scalar_one(),
        }
    engine.dispose()
    return out


async def test_seed_is_idempotent_and_keeps_passwords_out_of_the_repo(
    fresh_database, settings_factory, tmp_path
):
    url = fresh_database(f"seed_identity_{os.getpid()}")
    upgrade(service_dir("identity"), url)
    settings = settings_factory(
        database_url=url,
        keys_dir=tmp_path / "keys",
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        argon2_parallelism=1,
    )

    first = await seed(settings)
    counts = _counts(url)
    assert counts == {
        "users": 13,
        "stores": 5,
        "memberships": 10,
        "store_created": 5,
        "agent_upserted": 2,
        "ok_stores": 5,
    }
    logins_file = tmp_path / "demo-logins.json"
    logins = json.loads(logins_file.read_text())
    assert len(logins) == 13 and oct(logins_file.stat().st_mode)[-3:] == "600"
    assert {r[0] for r in first} >= {"admin", "agent", "vendor owner", "buyer staff"}

    second = await seed(settings)
    assert _counts(url) == counts
    assert json.loads(logins_file.read_text()) == logins
    assert second == first
