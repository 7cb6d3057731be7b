"""The identity figures (I1, I2): the real identity app on its own migrated database.

The runner (``benchmarks.run``) starts the processes; this module holds what is specific
to identity:

* ``migrate``: ``pf_common.migrations.upgrade(services/identity, url)`` on a database of
  its own (``pf_identity``), as ``make migrate`` does;
* ``server_env``: the identity process's environment: the production Argon2id parameters
  (the ``Settings`` defaults, written out so that no stray ``PF_IDENTITY_ARGON2_*`` can lower
  them) and the login throttles raised (I2 measures logins, not the limiter);
* ``register_owner`` / ``login``: a store owner created through the real
  ``POST /api/v1/auth/register`` and signed in through the real ``POST /api/v1/auth/login``,
  so the access token and its session are the ones identity issues;
* ``check_password_hash``: the owner's stored hash must carry the production parameters;
* ``python -m benchmarks.identitybench SPEC``: I2's reference, ``Passwords.verify`` (the
  call the login route makes) at the same concurrency in a bare event loop, no HTTP, no
  database; its CPU over the window comes from ``resource.getrusage`` (every thread).
"""

from __future__ import annotations

import asyncio
import http.client
import json
import resource
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any

from benchmarks.procs import ROOT, BenchError

SERVICE_DIR = ROOT / "services" / "identity"
FACTORY = "pf_identity.app:create_app"
DATABASE = "pf_identity"
STORE_PATH = "/api/v1/stores/me"
LOGIN_PATH = "/api/v1/auth/login"
REGISTER_PATH = "/api/v1/auth/register"
PASSWORD = "Sunny-Meadow-2026"
COMPANY = "Bench Cannabis Co"
LOGIN_LIMIT = 1_000_000  # per IP and per email, per window: never reached by the benchmark

_ADDRESS = {
    "line1": "100 N Broadway Ave",
    "city": "Oklahoma City",
    "state": "OK",
    "postal_code": "73102",
    "country": "US",
    "lat": 35.4676,
    "lng": -97.5164,
}


def argon2_defaults() -> dict[str, int]:
    """The production Argon2id parameters: the identity ``Settings`` defaults."""
    from pf_identity.settings import Settings

    f = Settings.model_fields
    return {
        "memory_kib": int(f["argon2_memory_kib"].default),
        "time_cost": int(f["argon2_time_cost"].default),
        "parallelism": int(f["argon2_parallelism"].default),
    }


def hash_prefix(params: dict[str, int]) -> str:
    return f"$argon2id$v=19$m={params['memory_kib']},t={params['time_cost']},p={params['parallelism']}$"


def server_env(base: dict[str, str], database_url: str) -> dict[str, str]:
    a = argon2_defaults()
    return {
        **base,
        "PF_DATABASE_URL": database_url,
        "PF_IDENTITY_ARGON2_MEMORY_KIB": str(a["memory_kib"]),
        "PF_IDENTITY_ARGON2_TIME_COST": str(a["time_cost"]),
        "PF_IDENTITY_ARGON2_PARALLELISM": str(a["parallelism"]),
        "PF_IDENTITY_LOGIN_LIMIT_PER_IP": str(LOGIN_LIMIT),
        "PF_IDENTITY_LOGIN_LIMIT_PER_EMAIL": str(LOGIN_LIMIT),
    }


def migrate(database_url: str) -> None:
    from pf_common.migrations import upgrade

    upgrade(SERVICE_DIR, database_url)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout_s: float = 30.0,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
    try:
        data = None if body is None else json.dumps(body).encode()
        hdrs = dict(headers or {})
        if data is not None:
            hdrs["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@dataclass
class Owner:
    email: str
    password: str
    store_id: str

    def login_body(self) -> str:
        return json.dumps({"email": self.email, "password": self.password})


def register_owner(port: int) -> tuple[Owner, str]:
    """A buyer store and its owner through ``POST /api/v1/auth/register``; the owner and its token."""
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    body = {
        "first_name": "Bench",
        "last_name": "Owner",
        "email": email,
        "password": PASSWORD,
        "company_name": COMPANY,
        "store_type": "buyer",
        "address": _ADDRESS,
        "accept_tos": True,
    }
    status, headers, raw = request(
        port, "POST", REGISTER_PATH, body=body, headers={"Idempotency-Key": str(uuid.uuid4())}
    )
    token = headers.get("x-pf-token")
    if status != 201 or not token:
        raise BenchError(f"register answered {status}: {raw[:300]!r}")
    stores = json.loads(raw)["data"]["stores"]
    return Owner(email, PASSWORD, stores[0]["id"]), token


def login(port: int, owner: Owner) -> str:
    """A fresh access token (and live session) from ``POST /api/v1/auth/login``."""
    status, headers, raw = request(
        port, "POST", LOGIN_PATH, body={"email": owner.email, "password": owner.password}
    )
    token = headers.get("x-pf-token")
    if status != 200 or not token:
        raise BenchError(f"login answered {status}: {raw[:300]!r}")
    return token


def check_password_hash(database_url: str, email: str) -> str:
    """The owner's stored hash must be Argon2id at the production parameters; returns them."""
    import psycopg

    dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT password_hash FROM identity.users WHERE email = %s", (email,)).fetchone()
    want = hash_prefix(argon2_defaults())
    if not row or not str(row[0]).startswith(want):
        found = str(row[0]).rsplit("$", 2)[0] if row else None
        raise BenchError(f"the owner's password hash is {found}, not the production {want}")
    return want.strip("$")


# --------------------------------------------------------------------------- I2's reference


def _cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)  # every thread of the process
    return ru.ru_utime + ru.ru_stime


def _mark(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def verify_loop(spec: dict[str, Any]) -> dict[str, Any]:
    """``Passwords.verify`` of a correct password by ``concurrency`` tasks, back to back.

    Protocol as the load generator's: ``MEASURE_START`` / ``MEASURE_END`` around the
    window, then ``RESULT {json}``.
    """
    from pf_identity.domain.passwords import Passwords

    a = argon2_defaults()
    pw = Passwords(memory_kib=a["memory_kib"], time_cost=a["time_cost"], parallelism=a["parallelism"])
    stored = await pw.hash(PASSWORD)
    measuring, running = False, True
    done = 0

    async def worker() -> None:
        nonlocal done
        while running:
            if not await pw.verify(stored, PASSWORD):
                raise RuntimeError("verify failed")
            if measuring:
                done += 1

    tasks = [asyncio.create_task(worker()) for _ in range(spec["concurrency"])]
    await asyncio.sleep(spec["warmup"])
    _mark("MEASURE_START")
    cpu0, t0 = _cpu_s(), time.perf_counter()
    measuring = True
    await asyncio.sleep(spec["duration"])
    measuring = False
    t1, cpu1 = time.perf_counter(), _cpu_s()
    _mark("MEASURE_END")
    running = False
    await asyncio.gather(*tasks)
    window, cpu = t1 - t0, cpu1 - cpu0
    return {
        "tool": "benchmarks.identitybench (Passwords.verify in a bare event loop)",
        "argon2": a,
        "concurrency": spec["concurrency"],
        "window_s": round(window, 3),
        "verifies": done,
        "rate": round(done / window, 2) if window else None,
        "cpu_s": round(cpu, 3),
        "cores": round(cpu / window, 3) if window else None,
        "per_core": round(done / cpu, 3) if cpu else None,
    }


if __name__ == "__main__":
    import uvloop

    _mark("RESULT " + json.dumps(uvloop.run(verify_loop(json.loads(sys.argv[1])))))
