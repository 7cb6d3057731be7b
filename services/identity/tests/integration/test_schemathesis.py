"""Property-based fuzzing of identity's OpenAPI (schemathesis) against the real API process:
whatever the input, no request ends in a 5xx."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from pf_common.embedded import free_port
from pf_common.migrations import upgrade
from pf_common.testing.plugin import service_dir

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("identity-fuzz")]


@pytest.fixture(scope="module")
def identity_server(pf_servers: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    url = pf_servers.create_database(f"fuzz_identity_{os.getpid()}")
    upgrade(service_dir("identity"), url)
    port = free_port()
    env = {
        **os.environ,
        "PF_DATABASE_URL": url,
        "PF_REDIS_URL": pf_servers.redis_url.rsplit("/", 1)[0] + "/5",  # its own Redis database
        "PF_KEYS_DIR": str(tmp_path_factory.mktemp("fuzz-keys")),
        "PF_ENVIRONMENT": "test",
        "PF_LOG_LEVEL": "WARNING",
        "PF_IDENTITY_ARGON2_MEMORY_KIB": "1024",
        "PF_IDENTITY_ARGON2_TIME_COST": "1",
        "PF_IDENTITY_ARGON2_PARALLELISM": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "pf_identity.app:create_app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "identity did not start"
            time.sleep(0.1)
        email = f"fuzz-{uuid.uuid4().hex[:8]}@example.com"
        r = httpx.post(
            f"{base}/api/v1/auth/register",
            headers={"Idempotency-Key": str(uuid.uuid4())},
            json={
                "first_name": "Fuzz",
                "last_name": "Owner",
                "email": email,
                "password": "Fuzzy-Password-2026",
                "company_name": "Fuzz Co",
                "store_type": "vendor",
                "address": {
                    "line1": "1 Main St",
                    "city": "Tulsa",
                    "state": "OK",
                    "postal_code": "74103",
                    "lat": 36.15,
                    "lng": -95.99,
                },
                "accept_tos": True,
            },
        )
        assert r.status_code == 201, r.text
        yield {"base": base, "token": r.headers["x-pf-token"], "proc": proc}
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
        server_errors = [line for line in err.decode(errors="replace").splitlines() if "Traceback" in line]
        assert server_errors == [], err.decode(errors="replace")[-3000:]


def test_no_input_makes_identity_fail_with_a_server_error(identity_server: dict[str, Any]) -> None:
    """Every operation of the OpenAPI document, fuzzed; a valid owner token rides along."""
    from hypothesis import given

    schema = schemathesis.openapi.from_url(f"{identity_server['base']}/openapi.json")
    headers = {"Authorization": f"Bearer {identity_server['token']}"}
    failures: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20  # the document really lists identity's routes

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: Any) -> None:
            response = case.call(
                base_url=identity_server["base"], headers={**headers, "Idempotency-Key": str(uuid.uuid4())}
            )
            case.validate_response(response, checks=[not_a_server_error])

        try:
            fuzz()
        except Exception as exc:  # collect, so one run reports every failing operation
            failures[operation.label] = str(exc)[:500]
    assert failures == {}
