from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ListInventoryApiV1InventoryGetResponseListInventoryApiV1InventoryGet")


@_attrs_define
class ListInventoryApiV1InventoryGetResponseListInventoryApiV1InventoryGet:
    """
    Attributes:
        data (Any):
    """

    data: Any

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        list_inventory_api_v1_inventory_get_response_list_inventory_api_v1_inventory_get = cls(
            data=data,
        )

        return list_inventory_api_v1_inventory_get_response_list_inventory_api_v1_inventory_get
