from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.switch_out import SwitchOut


T = TypeVar("T", bound="SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost")


@_attrs_define
class SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost:
    """
    Attributes:
        data (SwitchOut):
    """

    data: SwitchOut

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
        from ..models.switch_out import SwitchOut  # noqa: PLC0415

        d = dict(src_dict)
        data = SwitchOut.from_dict(d.pop("data"))

        switch_store_api_v1_auth_switch_store_post_response_switch_store_api_v1_auth_switch_store_post = cls(
            data=data,
        )

        return switch_store_api_v1_auth_switch_store_post_response_switch_store_api_v1_auth_switch_store_post
