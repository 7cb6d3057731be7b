"""Notification tests: identity's cheap test settings plus a log email sender writing under tmp_path."""

from pathlib import Path

import pytest


@pytest.fixture
def outbox_file(tmp_path: Path) -> Path:
    return tmp_path / "mail" / "outbox.jsonl"


@pytest.fixture
def settings(settings_factory, outbox_file):
    return settings_factory(
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        argon2_parallelism=1,
        email_backend="log",
        email_outbox_file=outbox_file,
        app_base_url="https://app.packfinderz.test",
    )
