"""The media projection's ordering and the store-image rule (pure, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pf_identity.domain.rules.media import store_image_problem, supersedes

EARLY = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
LATE = EARLY + timedelta(seconds=5)


@pytest.mark.parametrize(
    ("current", "incoming", "expected"),
    [
        ("uploaded", "ready", True),
        ("uploaded", "failed", True),
        ("uploaded", "deleted", True),
        ("ready", "deleted", True),
        ("failed", "deleted", True),
        ("ready", "uploaded", False),
        ("failed", "uploaded", False),
        ("deleted", "uploaded", False),
        ("deleted", "ready", False),
        ("deleted", "failed", False),
    ],
)
def test_a_later_stage_wins_whatever_the_timestamps(current, incoming, expected):
    assert supersedes(current, LATE, incoming, EARLY) is expected
    assert supersedes(current, EARLY, incoming, LATE) is expected


@pytest.mark.parametrize(
    ("current", "incoming"), [("ready", "failed"), ("failed", "ready"), ("ready", "ready")]
)
def test_within_a_stage_only_a_newer_event_wins(current, incoming):
    assert supersedes(current, EARLY, incoming, LATE) is True
    assert supersedes(current, LATE, incoming, EARLY) is False
    assert supersedes(current, EARLY, incoming, EARLY) is False  # a replay changes nothing


@pytest.mark.parametrize(
    ("kind", "status", "problem"),
    [
        ("store", "uploaded", None),
        ("store", "ready", None),
        ("other", "ready", None),
        ("product", "ready", "media_kind_not_allowed"),
        ("user", "ready", "media_kind_not_allowed"),
        ("license_doc", "uploaded", "media_kind_not_allowed"),
        (None, "deleted", "media_kind_not_allowed"),  # a placeholder left by media_deleted
        ("store", "failed", "media_not_attachable"),
        ("store", "deleted", "media_not_attachable"),
    ],
)
def test_what_can_be_a_store_logo_or_banner(kind, status, problem):
    assert store_image_problem(kind, status) == problem
