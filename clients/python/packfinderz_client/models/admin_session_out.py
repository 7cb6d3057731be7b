from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.user_dto import UserDTO


T = TypeVar("T", bound="AdminSessionOut")


@_attrs_define
class AdminSessionOut:
    """
    Attributes:
        refresh_token (str):
        user (UserDTO):
    """

    refresh_token: str
    user: UserDTO

    def to_dict(self) -> dict[str, Any]:
        refresh_token = self.refresh_token

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refresh_token": refresh_token,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_dto import UserDTO  # noqa: PLC0415

        d = dict(src_dict)
        refresh_token = d.pop("refresh_token")

        user = UserDTO.from_dict(d.pop("user"))

        admin_session_out = cls(
            refresh_token=refresh_token,
            user=user,
        )

        return admin_session_out
