from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="QuoteItemIn")


@_attrs_define
class QuoteItemIn:
    """
    Attributes:
        product_id (UUID):
        quantity (int):
        vendor_store_id (UUID):
    """

    product_id: UUID
    quantity: int
    vendor_store_id: UUID

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        quantity = self.quantity

        vendor_store_id = str(self.vendor_store_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "product_id": product_id,
                "quantity": quantity,
                "vendor_store_id": vendor_store_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        quantity = d.pop("quantity")

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        quote_item_in = cls(
            product_id=product_id,
            quantity=quantity,
            vendor_store_id=vendor_store_id,
        )

        return quote_item_in
