"""pf_common.schemas.Strict: a body's JSON schema says exactly what the body accepts (issue #19)."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

import pytest
from pydantic import StrictInt, StringConstraints, ValidationError

from pf_common.schemas import AS_SENT, NO_NUL_PATTERN, NOT_BLANK_PATTERN, US_STATE_PATTERN, Strict, padded


class Body(Strict):
    count: int = 0
    strict_count: StrictInt = 0
    ratio: float | None = None
    amount: Decimal | None = None
    flag: bool = False
    name: str = "x"
    note: str | None = None


class Patch(Strict):
    not_nullable = ("title",)

    title: str | None = None
    subtitle: str | None = None


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("count", 3.0, 3), ("strict_count", 7.0, 7), ("ratio", 2, 2), ("amount", 1.25, Decimal("1.25"))],
)
def test_json_numbers_are_taken_as_json_schema_counts_them(field, value, expected):
    assert getattr(Body.model_validate({field: value}), field) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("count", "3"),
        ("count", True),
        ("count", 3.5),
        ("strict_count", "7"),
        ("ratio", "2.5"),
        ("amount", "1.25"),
        ("flag", "true"),
        ("flag", 1),
        ("name", "a\x00b"),
    ],
)
def test_values_of_another_json_type_are_refused(field, value):
    with pytest.raises(ValidationError):
        Body.model_validate({field: value})


def test_strings_state_no_nul_and_not_blank_when_they_have_a_minimum():
    class Named(Strict):
        name: str = ""
        title: Annotated[str, StringConstraints(min_length=1)] = "t"

    schema = Named.model_json_schema()["properties"]
    assert (schema["name"]["pattern"], schema["title"]["pattern"]) == (NO_NUL_PATTERN, NOT_BLANK_PATTERN)
    assert [re.search(NOT_BLANK_PATTERN, s) is not None for s in (" ", "\u3000", "a", " a ")] == [
        False,
        False,
        True,
        True,
    ]


def test_a_not_nullable_field_may_be_left_out_but_not_nulled():
    assert Patch.model_validate({}).title is None
    assert Patch.model_validate({"subtitle": None}).subtitle is None
    with pytest.raises(ValidationError, match="must not be null"):
        Patch.model_validate({"title": None})
    properties = Patch.model_json_schema()["properties"]
    assert properties["title"]["type"] == "string" and "default" not in properties["title"]
    assert {"type": "null"} in properties["subtitle"]["anyOf"]


def test_the_state_pattern_takes_either_case_and_nothing_else():
    assert [re.search(US_STATE_PATTERN, s) is not None for s in ("OK", "ok", "oK", "ZZ", "OKL")] == [
        True,
        True,
        True,
        False,
        False,
    ]


class Kind(StrEnum):
    A = "a"


class Trimmed(Strict):
    short: Annotated[str, StringConstraints(max_length=5)] = ""
    title: Annotated[str, StringConstraints(min_length=3)] = "ttt"
    free: str = ""
    tags: list[Annotated[str, StringConstraints(min_length=1)]] = []
    notes: list[str] = []
    labels: dict[str, str] = {}
    kind: Kind = Kind.A


def test_lengths_judge_a_string_as_sent_then_it_is_trimmed():
    assert Trimmed.model_validate({"short": " abc "}).short == "abc"  # 5 as sent
    with pytest.raises(ValidationError, match="at most 5"):
        Trimmed.model_validate({"short": "  abc  "})  # 7 as sent, as maxLength counts it
    assert Trimmed.model_validate({"title": "ab "}).title == "ab"  # 3 as sent: kept, trimmed
    assert Trimmed.model_validate({"free": " \u3000 "}).free == ""  # no minimum: blank is ""


def test_blank_is_refused_where_the_schema_states_a_minimum():
    with pytest.raises(ValidationError, match="must not be blank"):
        Trimmed.model_validate({"title": "   "})
    with pytest.raises(ValidationError, match="items must not be blank"):
        Trimmed.model_validate({"tags": ["x", "  "]})
    assert Trimmed.model_validate({"notes": [" a ", "  "]}).notes == ["a", ""]
    properties = Trimmed.model_json_schema()["properties"]
    assert properties["title"]["pattern"] == NOT_BLANK_PATTERN
    assert re.search(NOT_BLANK_PATTERN, "   ") is None


def test_lists_and_maps_of_strings_are_trimmed_and_enums_stay_enums():
    body = Trimmed.model_validate({"tags": [" x "], "labels": {"k": " v "}, "kind": "a"})

    assert (body.tags, body.labels) == (["x"], {"k": "v"})
    assert body.kind is Kind.A


def test_a_field_marked_as_sent_is_never_trimmed_but_never_blank():
    class Login(Strict):
        password: Annotated[str, StringConstraints(min_length=1, max_length=8), AS_SENT]

    assert Login.model_validate({"password": " pw  "}).password == " pw  "
    with pytest.raises(ValidationError, match="must not be blank"):
        Login.model_validate({"password": "   "})
    with pytest.raises(ValidationError, match="at most 8"):
        Login.model_validate({"password": " 1234567 "})


def test_a_padded_pattern_allows_white_space_around_the_value_only():
    pattern = padded(r"^[A-Z]{2}$")

    assert [re.search(pattern, s) is not None for s in ("OK", " OK\u3000", "O K", "OKL")] == [
        True,
        True,
        False,
        False,
    ]
    with pytest.raises(ValueError, match="anchored"):
        padded("[A-Z]{2}")
