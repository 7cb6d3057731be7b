from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SetDefaultRequest")


@_attrs_define
class SetDefaultRequest:
    """
    Attributes:
        is_default (bool):
    """

    is_default: bool

    def to_dict(self) -> dict[str, Any]:
        is_default = self.is_default

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "is_default": is_default,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_default = d.pop("is_default")

        set_default_request = cls(
            is_default=is_default,
        )

        return set_default_request
