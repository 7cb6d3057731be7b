"""Request-body base and value types shared by every service (spec/API.md §1: unknown JSON
fields ⇒ 400; DOMAIN §2 Address).

:class:`Strict` makes a body's JSON schema say exactly what the body accepts (issue #19: the
contract is fuzzed with every schemathesis check, so a schema looser or stricter than the
server is a finding):

* **JSON types, not Python coercions.** An ``int`` field takes a JSON integer (``3`` or ``3.0``,
  as JSON Schema counts them), never ``"3"`` or ``true``; a ``float``/``Decimal`` field takes a
  JSON number, never a string; a ``bool`` field takes ``true``/``false`` only.
* **Strings.** NUL is refused (Postgres ``text`` cannot hold it). Lengths and patterns judge a
  string as sent (what JSON Schema's ``minLength``/``maxLength``/``pattern`` judge); the value
  kept is then trimmed of white space at both ends, and a string with a minimum length must
  hold a character that is not white space (else 400 ``must not be blank``): the schema states
  that as a ``pattern`` on every string property that has none of its own (a property with its
  own pattern states it there). A field marked ``AS_SENT`` (passwords) is kept untrimmed.
* **Optional but not nullable.** The fields named in ``not_nullable`` (``"*"``: all) may be
  left out, never sent as ``null`` (a PATCH of a NOT NULL column): the schema drops ``null``
  and the default, and ``null`` is a 400 ``must not be null``.
* **Rules between fields** that JSON Schema cannot state (one value compared with another, items
  unique by one of their properties, a date within a window around today) are listed, machine
  readable, under ``x-pf-rules`` on the body's schema (:func:`rules`); a body breaking one is a
  400 naming the field, as for any other invalid input. Each rule binds only when every field
  it names is in the body (a rule's field is always optional, so leaving it out satisfies it).
  A rule between a sent value and a *stored* one is the resource's state, not the body's
  shape: 422 ``STATE_CONFLICT``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Collection
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Final, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic.json_schema import JsonSchemaValue

__all__ = [
    "AS_SENT",
    "NOT_BLANK_PATTERN",
    "NO_NUL_PATTERN",
    "RULES_KEY",
    "US_STATES",
    "US_STATE_PATTERN",
    "AddressIn",
    "AsSent",
    "Strict",
    "compare",
    "date_window",
    "padded",
    "rules",
    "trim",
    "unique_by",
]

#: where a body schema lists its rules between fields (module docstring)
RULES_KEY = "x-pf-rules"


def unique_by(array: str, key: str) -> dict[str, Any]:
    """The items of ``array`` have pairwise different ``key`` values."""
    return {"kind": "unique_by", "array": array, "key": key}


def compare(field: str, op: Literal[">", ">="], other: str, *, unless: object = None) -> dict[str, Any]:
    """``field op other`` (numbers, or RFC 3339 dates compared as dates), except when ``field``
    equals ``unless`` (e.g. 0 meaning "no limit")."""
    rule: dict[str, Any] = {"kind": "compare", "field": field, "op": op, "other": other}
    if unless is not None:
        rule["unless"] = unless
    return rule


def date_window(field: str, *, min_days: int | None = None, max_days: int | None = None) -> dict[str, Any]:
    """The date ``field`` lies within [today + min_days, today + max_days] (UTC, inclusive; a
    missing bound is open)."""
    rule: dict[str, Any] = {"kind": "date_window", "field": field}
    if min_days is not None:
        rule["min_days"] = min_days
    if max_days is not None:
        rule["max_days"] = max_days
    return rule


def rules(*items: dict[str, Any]) -> dict[str, Any]:
    """``json_schema_extra`` listing a body's rules between fields under :data:`RULES_KEY`."""
    return {RULES_KEY: list(items)}


# What pydantic's ``str_strip_whitespace`` trims (Rust's ``str::trim``: Unicode White_Space).
_WHITE_SPACE = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_WHITE_SPACE_CLASS = f"[{_WHITE_SPACE}]"
# the same characters, for str.strip (derived from the class: one list of them)
_WHITE_SPACE_CHARS: Final = "".join(re.findall(_WHITE_SPACE_CLASS, "".join(map(chr, range(0x3001)))))


def padded(pattern: str) -> str:
    """An anchored ``^…$`` pattern that also allows white space around the value (which Strict
    trims): for values often pasted, such as emails and SKUs."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError(f"an anchored pattern is needed: {pattern!r}")
    return f"^{_WHITE_SPACE_CLASS}*(?:{pattern[1:-1]}){_WHITE_SPACE_CLASS}*$"


#: a string without NUL
NO_NUL_PATTERN = r"^[^\x00]*$"
#: a string without NUL that keeps at least one character once trimmed
NOT_BLANK_PATTERN = rf"^[^\x00]*[^\x00{_WHITE_SPACE}][^\x00]*$"

#: the 50 states, DC, Puerto Rico, Guam and the US Virgin Islands (USPS codes)
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT "
    "NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI"
)
US_STATES = tuple(_STATE_CODES.split())
#: one of :data:`US_STATES`, in either case (the server upper-cases it)
US_STATE_PATTERN = "^(" + "|".join(f"[{c[0]}{c[0].lower()}][{c[1]}{c[1].lower()}]" for c in US_STATES) + ")$"


def _json_kind(annotation: Any) -> type | None:
    """``int``, ``float``, ``Decimal`` or ``bool`` when the field holds that one scalar type
    (optionally ``| None``), else None."""
    args = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else (annotation,)
    kinds = [a for a in args if a is not type(None)]
    if len(kinds) != 1:
        return None
    kind = kinds[0]
    if get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    return kind if kind in (int, float, Decimal, bool) else None


def _json_value(kind: type | None, v: object) -> object:
    if kind is None or v is None:
        return v
    if kind is bool:
        if not isinstance(v, bool):
            raise ValueError("must be true or false")
        return v
    if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
        raise ValueError("must be an integer" if kind is int else "must be a number")
    if kind is int and isinstance(v, float) and v.is_integer():
        return int(v)  # 3.0 is an integer in JSON Schema
    return v


def _string_patterns(node: Any) -> None:
    """A pattern on every string schema of one property that has none (not into ``$ref``)."""
    if isinstance(node, dict):
        free = not any(k in node for k in ("pattern", "format", "enum", "const"))
        if node.get("type") == "string" and free:
            node["pattern"] = NOT_BLANK_PATTERN if node.get("minLength", 0) > 0 else NO_NUL_PATTERN
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for sub in node.get(key, []):
                _string_patterns(sub)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                _string_patterns(node[key])


def _drop_null(prop: dict[str, Any]) -> dict[str, Any]:
    prop.pop("default", None)
    options = prop.get("anyOf")
    if options is None:
        return prop
    kept = [o for o in options if o.get("type") != "null"]
    if len(kept) == 1:
        del prop["anyOf"]
        return {**kept[0], **prop}
    prop["anyOf"] = kept
    return prop


class Strict(BaseModel):
    """Base of every request body: unknown fields, NUL characters and values of another JSON
    type are 400s (module docstring).

    Postgres ``text`` cannot hold NUL, so letting one through turned into a 500 (found by
    the schemathesis run); refusing it here covers every string field of every body.
    """

    model_config = ConfigDict(extra="forbid")

    #: fields that may be left out but never sent as null; ``("*",)`` for all of them
    not_nullable: ClassVar[Collection[str]] = ()

    @classmethod
    def _refuses_null(cls, name: str) -> bool:
        return "*" in cls.not_nullable or name in cls.not_nullable

    @field_validator("*", mode="before")
    @classmethod
    def _json_only(cls, v: object, info: ValidationInfo) -> object:
        values = v if isinstance(v, list | tuple) else [v]
        if any(isinstance(item, str) and "\x00" in item for item in values):
            raise ValueError("must not contain NUL characters")
        name = info.field_name or ""
        if v is None and cls._refuses_null(name):
            raise ValueError("must not be null")
        return _json_value(_json_kinds(cls).get(name), v)

    @field_validator("*", mode="after")
    @classmethod
    def _trimmed(cls, v: object, info: ValidationInfo) -> object:
        """Trim what passed its checks as sent (module docstring); blank refused where the
        schema says a minimum length."""
        if type(v) is str:
            kept = trim(v)
            if v and not kept and info.field_name in _blank_refused(cls)[0]:
                raise ValueError("must not be blank")
            return v if info.field_name in _kept_as_sent(cls) else kept
        if type(v) is list and any(type(item) is str for item in v):
            items = [trim(item) if type(item) is str else item for item in v]
            if info.field_name in _blank_refused(cls)[1] and any(
                type(raw) is str and raw and not kept for raw, kept in zip(v, items, strict=True)
            ):
                raise ValueError("items must not be blank")
            return items
        if type(v) is dict and any(type(value) is str for value in v.values()):
            return {k: trim(value) if type(value) is str else value for k, value in v.items()}
        return v

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> JsonSchemaValue:
        schema: JsonSchemaValue = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        properties: dict[str, Any] = target.get("properties", {})
        for name, prop in list(properties.items()):
            if cls._refuses_null(name):
                prop = properties[name] = _drop_null(prop)
            _string_patterns(prop)
        return schema


def trim(text: str) -> str:
    """``text`` without white space at either end, as Strict keeps strings."""
    return text.strip(_WHITE_SPACE_CHARS)


class AsSent:
    """``Annotated[str, AS_SENT]``: Strict keeps this string exactly as sent, never trimmed (a
    password: its spaces are part of it)."""


AS_SENT: Final = AsSent()
_AS_SENT: dict[type[Strict], frozenset[str]] = {}


def _kept_as_sent(cls: type[Strict]) -> frozenset[str]:
    found = _AS_SENT.get(cls)
    if found is None:
        found = _AS_SENT[cls] = frozenset(
            name for name, field in cls.model_fields.items() if any(m is AS_SENT for m in field.metadata)
        )
    return found


_JSON_KINDS: dict[type[Strict], dict[str, type | None]] = {}


def _json_kinds(cls: type[Strict]) -> dict[str, type | None]:
    """Each field's :func:`_json_kind`, worked out once per model (it is read for every field
    of every body)."""
    found = _JSON_KINDS.get(cls)
    if found is None:
        found = _JSON_KINDS[cls] = {name: _json_kind(f.annotation) for name, f in cls.model_fields.items()}
    return found


_BLANK_REFUSED: dict[type[Strict], tuple[frozenset[str], frozenset[str]]] = {}


def _has_minimum(prop: Any) -> bool:
    if not isinstance(prop, dict):
        return False
    if prop.get("type") == "string" and prop.get("minLength", 0) > 0:
        return True
    return any(_has_minimum(option) for option in prop.get("anyOf", []))


def _blank_refused(cls: type[Strict]) -> tuple[frozenset[str], frozenset[str]]:
    """The fields (and the list fields whose items) the schema gives a minimum length."""
    found = _BLANK_REFUSED.get(cls)
    if found is None:
        schema = cls.model_json_schema()
        properties = dict(schema.get("properties", {}))
        for branch in schema.get("oneOf", []):  # a body stated one branch per kind (presign)
            properties.update(branch.get("properties", {}))
        fields = frozenset(name for name, prop in properties.items() if _has_minimum(prop))
        items = frozenset(
            name
            for name, prop in properties.items()
            if any(_has_minimum(option.get("items")) for option in [prop, *prop.get("anyOf", [])])
        )
        found = _BLANK_REFUSED[cls] = (fields, items)
    return found


class AddressIn(Strict):
    """DOMAIN §2 Address as a request accepts it (state and country upper-cased; lat/lng required)."""

    line1: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    line2: Annotated[str, StringConstraints(max_length=200)] | None = None
    city: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    state: Annotated[str, StringConstraints(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")]
    postal_code: Annotated[
        str,
        StringConstraints(
            min_length=3, max_length=10, pattern=r"^[0-9A-Za-z\- ]*[0-9A-Za-z\-][0-9A-Za-z\- ]*$"
        ),
    ]
    country: Annotated[str, StringConstraints(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")] = "US"
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    geohash: Annotated[str, StringConstraints(max_length=12)] | None = None

    @field_validator("state", "country")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()
