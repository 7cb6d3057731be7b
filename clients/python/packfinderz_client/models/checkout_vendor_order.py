from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.line_item_view import LineItemView


T = TypeVar("T", bound="CheckoutVendorOrder")


@_attrs_define
class CheckoutVendorOrder:
    """
    Attributes:
        balance_due_cents (int):
        discount_cents (int):
        items (list[LineItemView]):
        order_id (UUID):
        order_number (int):
        status (str):
        subtotal_cents (int):
        tax_cents (int):
        total_cents (int):
        transport_fee_cents (int):
        vendor_store_id (UUID):
    """

    balance_due_cents: int
    discount_cents: int
    items: list[LineItemView]
    order_id: UUID
    order_number: int
    status: str
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    transport_fee_cents: int
    vendor_store_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_due_cents = self.balance_due_cents

        discount_cents = self.discount_cents

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        order_id = str(self.order_id)

        order_number = self.order_number

        status = self.status

        subtotal_cents = self.subtotal_cents

        tax_cents = self.tax_cents

        total_cents = self.total_cents

        transport_fee_cents = self.transport_fee_cents

        vendor_store_id = str(self.vendor_store_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance_due_cents": balance_due_cents,
                "discount_cents": discount_cents,
                "items": items,
                "order_id": order_id,
                "order_number": order_number,
                "status": status,
                "subtotal_cents": subtotal_cents,
                "tax_cents": tax_cents,
                "total_cents": total_cents,
                "transport_fee_cents": transport_fee_cents,
                "vendor_store_id": vendor_store_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_item_view import LineItemView  # noqa: PLC0415

        d = dict(src_dict)
        balance_due_cents = d.pop("balance_due_cents")

        discount_cents = d.pop("discount_cents")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LineItemView.from_dict(items_item_data)

            items.append(items_item)

        order_id = UUID(d.pop("order_id"))

        order_number = d.pop("order_number")

        status = d.pop("status")

        subtotal_cents = d.pop("subtotal_cents")

        tax_cents = d.pop("tax_cents")

        total_cents = d.pop("total_cents")

        transport_fee_cents = d.pop("transport_fee_cents")

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        checkout_vendor_order = cls(
            balance_due_cents=balance_due_cents,
            discount_cents=discount_cents,
            items=items,
            order_id=order_id,
            order_number=order_number,
            status=status,
            subtotal_cents=subtotal_cents,
            tax_cents=tax_cents,
            total_cents=total_cents,
            transport_fee_cents=transport_fee_cents,
            vendor_store_id=vendor_store_id,
        )

        checkout_vendor_order.additional_properties = d
        return checkout_vendor_order

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
