from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InventoryRowDTO")


@_attrs_define
class InventoryRowDTO:
    """
    Attributes:
        available_qty (int):
        low_stock_threshold (int):
        product_id (UUID):
        reserved_qty (int):
        sku (str):
        title (str):
        updated_at (datetime.datetime):
    """

    available_qty: int
    low_stock_threshold: int
    product_id: UUID
    reserved_qty: int
    sku: str
    title: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_qty = self.available_qty

        low_stock_threshold = self.low_stock_threshold

        product_id = str(self.product_id)

        reserved_qty = self.reserved_qty

        sku = self.sku

        title = self.title

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available_qty": available_qty,
                "low_stock_threshold": low_stock_threshold,
                "product_id": product_id,
                "reserved_qty": reserved_qty,
                "sku": sku,
                "title": title,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available_qty = d.pop("available_qty")

        low_stock_threshold = d.pop("low_stock_threshold")

        product_id = UUID(d.pop("product_id"))

        reserved_qty = d.pop("reserved_qty")

        sku = d.pop("sku")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        inventory_row_dto = cls(
            available_qty=available_qty,
            low_stock_threshold=low_stock_threshold,
            product_id=product_id,
            reserved_qty=reserved_qty,
            sku=sku,
            title=title,
            updated_at=updated_at,
        )

        inventory_row_dto.additional_properties = d
        return inventory_row_dto

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
