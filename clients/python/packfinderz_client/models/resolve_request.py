from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ResolveRequest")


@_attrs_define
class ResolveRequest:
    """``POST /api/v1/address/resolve`` body (Strict: the length judges the id as sent, then it
    is trimmed).

        Attributes:
            place_id (str):
    """

    place_id: str

    def to_dict(self) -> dict[str, Any]:
        place_id = self.place_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "place_id": place_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        place_id = d.pop("place_id")

        resolve_request = cls(
            place_id=place_id,
        )

        return resolve_request
