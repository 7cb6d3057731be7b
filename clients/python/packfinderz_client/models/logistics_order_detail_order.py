from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.logistics_order_detail_order_shipping_address_type_0 import (
        LogisticsOrderDetailOrderShippingAddressType0,
    )
    from ..models.order_store_summary import OrderStoreSummary
    from ..models.shipping_line_view import ShippingLineView


T = TypeVar("T", bound="LogisticsOrderDetailOrder")


@_attrs_define
class LogisticsOrderDetailOrder:
    """OrderDetail's ``order``: OrderSummary (with both parties: no perspective) plus its money,
    checkout group, address and notes.

        Attributes:
            balance_due_cents (int):
            checkout_group_id (UUID):
            created_at (datetime.datetime):
            discount_cents (int):
            discounts_cents (int):
            fulfillment_status (str):
            id (UUID):
            order_number (int):
            payment_status (str):
            shipping_status (str):
            status (str):
            subtotal_cents (int):
            tax_cents (int):
            total_cents (int):
            total_items (int):
            transport_fee_cents (int):
            buyer (None | OrderStoreSummary | Unset):
            delivered_at (datetime.datetime | None | Unset):
            notes (None | str | Unset):
            shipping (None | ShippingLineView | Unset):
            shipping_address (LogisticsOrderDetailOrderShippingAddressType0 | None | Unset):
            vendor (None | OrderStoreSummary | Unset):
    """

    balance_due_cents: int
    checkout_group_id: UUID
    created_at: datetime.datetime
    discount_cents: int
    discounts_cents: int
    fulfillment_status: str
    id: UUID
    order_number: int
    payment_status: str
    shipping_status: str
    status: str
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    total_items: int
    transport_fee_cents: int
    buyer: None | OrderStoreSummary | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    notes: None | str | Unset = UNSET
    shipping: None | ShippingLineView | Unset = UNSET
    shipping_address: LogisticsOrderDetailOrderShippingAddressType0 | None | Unset = UNSET
    vendor: None | OrderStoreSummary | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.logistics_order_detail_order_shipping_address_type_0 import (
            LogisticsOrderDetailOrderShippingAddressType0,  # noqa: PLC0415
        )
        from ..models.order_store_summary import OrderStoreSummary  # noqa: PLC0415
        from ..models.shipping_line_view import ShippingLineView  # noqa: PLC0415

        balance_due_cents = self.balance_due_cents

        checkout_group_id = str(self.checkout_group_id)

        created_at = self.created_at.isoformat()

        discount_cents = self.discount_cents

        discounts_cents = self.discounts_cents

        fulfillment_status = self.fulfillment_status

        id = str(self.id)

        order_number = self.order_number

        payment_status = self.payment_status

        shipping_status = self.shipping_status

        status = self.status

        subtotal_cents = self.subtotal_cents

        tax_cents = self.tax_cents

        total_cents = self.total_cents

        total_items = self.total_items

        transport_fee_cents = self.transport_fee_cents

        buyer: dict[str, Any] | None | Unset
        if isinstance(self.buyer, Unset):
            buyer = UNSET
        elif isinstance(self.buyer, OrderStoreSummary):
            buyer = self.buyer.to_dict()
        else:
            buyer = self.buyer

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        shipping: dict[str, Any] | None | Unset
        if isinstance(self.shipping, Unset):
            shipping = UNSET
        elif isinstance(self.shipping, ShippingLineView):
            shipping = self.shipping.to_dict()
        else:
            shipping = self.shipping

        shipping_address: dict[str, Any] | None | Unset
        if isinstance(self.shipping_address, Unset):
            shipping_address = UNSET
        elif isinstance(self.shipping_address, LogisticsOrderDetailOrderShippingAddressType0):
            shipping_address = self.shipping_address.to_dict()
        else:
            shipping_address = self.shipping_address

        vendor: dict[str, Any] | None | Unset
        if isinstance(self.vendor, Unset):
            vendor = UNSET
        elif isinstance(self.vendor, OrderStoreSummary):
            vendor = self.vendor.to_dict()
        else:
            vendor = self.vendor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance_due_cents": balance_due_cents,
                "checkout_group_id": checkout_group_id,
                "created_at": created_at,
                "discount_cents": discount_cents,
                "discounts_cents": discounts_cents,
                "fulfillment_status": fulfillment_status,
                "id": id,
                "order_number": order_number,
                "payment_status": payment_status,
                "shipping_status": shipping_status,
                "status": status,
                "subtotal_cents": subtotal_cents,
                "tax_cents": tax_cents,
                "total_cents": total_cents,
                "total_items": total_items,
                "transport_fee_cents": transport_fee_cents,
            }
        )
        if buyer is not UNSET:
            field_dict["buyer"] = buyer
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at
        if notes is not UNSET:
            field_dict["notes"] = notes
        if shipping is not UNSET:
            field_dict["shipping"] = shipping
        if shipping_address is not UNSET:
            field_dict["shipping_address"] = shipping_address
        if vendor is not UNSET:
            field_dict["vendor"] = vendor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.logistics_order_detail_order_shipping_address_type_0 import (
            LogisticsOrderDetailOrderShippingAddressType0,  # noqa: PLC0415
        )
        from ..models.order_store_summary import OrderStoreSummary  # noqa: PLC0415
        from ..models.shipping_line_view import ShippingLineView  # noqa: PLC0415

        d = dict(src_dict)
        balance_due_cents = d.pop("balance_due_cents")

        checkout_group_id = UUID(d.pop("checkout_group_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        discount_cents = d.pop("discount_cents")

        discounts_cents = d.pop("discounts_cents")

        fulfillment_status = d.pop("fulfillment_status")

        id = UUID(d.pop("id"))

        order_number = d.pop("order_number")

        payment_status = d.pop("payment_status")

        shipping_status = d.pop("shipping_status")

        status = d.pop("status")

        subtotal_cents = d.pop("subtotal_cents")

        tax_cents = d.pop("tax_cents")

        total_cents = d.pop("total_cents")

        total_items = d.pop("total_items")

        transport_fee_cents = d.pop("transport_fee_cents")

        def _parse_buyer(data: object) -> None | OrderStoreSummary | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                buyer_type_0 = OrderStoreSummary.from_dict(data)

                return buyer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderStoreSummary | Unset, data)

        buyer = _parse_buyer(d.pop("buyer", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_shipping(data: object) -> None | ShippingLineView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_type_0 = ShippingLineView.from_dict(data)

                return shipping_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShippingLineView | Unset, data)

        shipping = _parse_shipping(d.pop("shipping", UNSET))

        def _parse_shipping_address(
            data: object,
        ) -> LogisticsOrderDetailOrderShippingAddressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_address_type_0 = LogisticsOrderDetailOrderShippingAddressType0.from_dict(data)

                return shipping_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LogisticsOrderDetailOrderShippingAddressType0 | None | Unset, data)

        shipping_address = _parse_shipping_address(d.pop("shipping_address", UNSET))

        def _parse_vendor(data: object) -> None | OrderStoreSummary | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                vendor_type_0 = OrderStoreSummary.from_dict(data)

                return vendor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderStoreSummary | Unset, data)

        vendor = _parse_vendor(d.pop("vendor", UNSET))

        logistics_order_detail_order = cls(
            balance_due_cents=balance_due_cents,
            checkout_group_id=checkout_group_id,
            created_at=created_at,
            discount_cents=discount_cents,
            discounts_cents=discounts_cents,
            fulfillment_status=fulfillment_status,
            id=id,
            order_number=order_number,
            payment_status=payment_status,
            shipping_status=shipping_status,
            status=status,
            subtotal_cents=subtotal_cents,
            tax_cents=tax_cents,
            total_cents=total_cents,
            total_items=total_items,
            transport_fee_cents=transport_fee_cents,
            buyer=buyer,
            delivered_at=delivered_at,
            notes=notes,
            shipping=shipping,
            shipping_address=shipping_address,
            vendor=vendor,
        )

        logistics_order_detail_order.additional_properties = d
        return logistics_order_detail_order

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
