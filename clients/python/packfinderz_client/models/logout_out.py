from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="LogoutOut")


@_attrs_define
class LogoutOut:
    """
    Attributes:
        status (Literal['logged_out']):
    """

    status: Literal["logged_out"]

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["logged_out"], d.pop("status"))
        if status != "logged_out":
            raise ValueError(f"status must match const 'logged_out', got '{status}'")

        logout_out = cls(
            status=status,
        )

        return logout_out
