from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.admin_session_out import AdminSessionOut


T = TypeVar("T", bound="AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost")


@_attrs_define
class AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost:
    """
    Attributes:
        data (AdminSessionOut):
    """

    data: AdminSessionOut

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
        from ..models.admin_session_out import AdminSessionOut  # noqa: PLC0415

        d = dict(src_dict)
        data = AdminSessionOut.from_dict(d.pop("data"))

        admin_login_api_admin_v1_auth_login_post_response_admin_login_api_admin_v1_auth_login_post = cls(
            data=data,
        )

        return admin_login_api_admin_v1_auth_login_post_response_admin_login_api_admin_v1_auth_login_post
