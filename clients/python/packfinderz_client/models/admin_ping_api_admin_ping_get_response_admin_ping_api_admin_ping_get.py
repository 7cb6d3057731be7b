from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.pong import Pong


T = TypeVar("T", bound="AdminPingApiAdminPingGetResponseAdminPingApiAdminPingGet")


@_attrs_define
class AdminPingApiAdminPingGetResponseAdminPingApiAdminPingGet:
    """
    Attributes:
        data (Pong):
    """

    data: Pong

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pong import Pong  # noqa: PLC0415

        d = dict(src_dict)
        data = Pong.from_dict(d.pop("data"))

        admin_ping_api_admin_ping_get_response_admin_ping_api_admin_ping_get = cls(
            data=data,
        )

        return admin_ping_api_admin_ping_get_response_admin_ping_api_admin_ping_get
