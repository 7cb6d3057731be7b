from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.logout_out import LogoutOut


T = TypeVar("T", bound="LogoutApiV1AuthLogoutPostResponseLogoutApiV1AuthLogoutPost")


@_attrs_define
class LogoutApiV1AuthLogoutPostResponseLogoutApiV1AuthLogoutPost:
    """
    Attributes:
        data (LogoutOut):
    """

    data: LogoutOut

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
        from ..models.logout_out import LogoutOut  # noqa: PLC0415

        d = dict(src_dict)
        data = LogoutOut.from_dict(d.pop("data"))

        logout_api_v1_auth_logout_post_response_logout_api_v1_auth_logout_post = cls(
            data=data,
        )

        return logout_api_v1_auth_logout_post_response_logout_api_v1_auth_logout_post
