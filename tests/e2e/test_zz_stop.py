"""Runs after every other journey (tests/e2e is one xdist scope, modules in name order): stop
the shared stack the way an operator would, with `make down` from another shell."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pf_common.migrations import head_revision, service_dir

STACK = Path(__file__).resolve().parents[2] / "deploy" / "local" / "stack.py"

SERVICES = ("identity", "media", "catalog", "orders", "logistics", "finance", "ads", "analytics")

pytestmark = [pytest.mark.slow]


def test_the_whole_run_dead_lettered_nothing(stack):
    # every journey has run: no event any worker handled (or relayed) went to a dead-letter queue
    dead = [line for line in stack["lines"] if "dead_letter" in line]
    assert dead == [], dead[:5]


def test_zz_stop_leaves_no_process_and_keeps_the_data(stack, process_alive):
    alive = process_alive
    run_file = stack["data_dir"] / "run" / "stack.json"
    children = json.loads(run_file.read_text())["children"]  # current pids (restarts change them)
    down = subprocess.run(
        [sys.executable, str(STACK), "down", "--data-dir", str(stack["data_dir"])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (down.returncode, down.stdout.strip()) == (0, "make down: stopped"), down.stderr
    deadline = time.monotonic() + 90
    while alive(stack["pid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(stack["pid"]), "stack did not stop"
    orphans = [name for name, pid in children.items() if alive(pid)]
    assert orphans == [], f"orphans: {orphans}"
    assert "[stack] stopped" in stack["lines"]
    assert not run_file.exists()
    # a second `make up` reuses the data: the migrated schemas are still in .pf/pg, at head
    from pf_common.embedded import EmbeddedPostgres

    pg = EmbeddedPostgres(stack["data_dir"] / "pg", ephemeral=True).start()
    try:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={pg.port} user=postgres dbname=packfinderz") as conn:
            query = "SELECT version_num FROM {}.alembic_version"
            versions = {s: conn.execute(query.format(s)).fetchone()[0] for s in SERVICES}
        assert versions == {s: head_revision(service_dir(s)) for s in SERVICES}
    finally:
        pg.stop()
