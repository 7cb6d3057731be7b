from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.session_out import SessionOut


T = TypeVar("T", bound="RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost")


@_attrs_define
class RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost:
    """
    Attributes:
        data (SessionOut):
    """

    data: SessionOut

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
        from ..models.session_out import SessionOut  # noqa: PLC0415

        d = dict(src_dict)
        data = SessionOut.from_dict(d.pop("data"))

        register_api_v1_auth_register_post_response_register_api_v1_auth_register_post = cls(
            data=data,
        )

        return register_api_v1_auth_register_post_response_register_api_v1_auth_register_post
