from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..models.switch_out_store_type import SwitchOutStoreType

T = TypeVar("T", bound="SwitchOut")


@_attrs_define
class SwitchOut:
    """
    Attributes:
        refresh_token (str):
        store_id (UUID):
        store_name (str):
        store_type (SwitchOutStoreType):
    """

    refresh_token: str
    store_id: UUID
    store_name: str
    store_type: SwitchOutStoreType

    def to_dict(self) -> dict[str, Any]:
        refresh_token = self.refresh_token

        store_id = str(self.store_id)

        store_name = self.store_name

        store_type = self.store_type.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refresh_token": refresh_token,
                "store_id": store_id,
                "store_name": store_name,
                "store_type": store_type,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        refresh_token = d.pop("refresh_token")

        store_id = UUID(d.pop("store_id"))

        store_name = d.pop("store_name")

        store_type = SwitchOutStoreType(d.pop("store_type"))

        switch_out = cls(
            refresh_token=refresh_token,
            store_id=store_id,
            store_name=store_name,
            store_type=store_type,
        )

        return switch_out
