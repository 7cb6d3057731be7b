from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.order_store_summary import OrderStoreSummary


T = TypeVar("T", bound="AgentOrderSummary")


@_attrs_define
class AgentOrderSummary:
    """
    Attributes:
        buyer (OrderStoreSummary):
        created_at (datetime.datetime):
        discount_cents (int):
        fulfillment_status (str):
        order_id (UUID):
        order_number (int):
        payment_status (str):
        shipping_status (str):
        total_cents (int):
        total_items (int):
        vendor (OrderStoreSummary):
    """

    buyer: OrderStoreSummary
    created_at: datetime.datetime
    discount_cents: int
    fulfillment_status: str
    order_id: UUID
    order_number: int
    payment_status: str
    shipping_status: str
    total_cents: int
    total_items: int
    vendor: OrderStoreSummary
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyer = self.buyer.to_dict()

        created_at = self.created_at.isoformat()

        discount_cents = self.discount_cents

        fulfillment_status = self.fulfillment_status

        order_id = str(self.order_id)

        order_number = self.order_number

        payment_status = self.payment_status

        shipping_status = self.shipping_status

        total_cents = self.total_cents

        total_items = self.total_items

        vendor = self.vendor.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer": buyer,
                "created_at": created_at,
                "discount_cents": discount_cents,
                "fulfillment_status": fulfillment_status,
                "order_id": order_id,
                "order_number": order_number,
                "payment_status": payment_status,
                "shipping_status": shipping_status,
                "total_cents": total_cents,
                "total_items": total_items,
                "vendor": vendor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_store_summary import OrderStoreSummary  # noqa: PLC0415

        d = dict(src_dict)
        buyer = OrderStoreSummary.from_dict(d.pop("buyer"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        discount_cents = d.pop("discount_cents")

        fulfillment_status = d.pop("fulfillment_status")

        order_id = UUID(d.pop("order_id"))

        order_number = d.pop("order_number")

        payment_status = d.pop("payment_status")

        shipping_status = d.pop("shipping_status")

        total_cents = d.pop("total_cents")

        total_items = d.pop("total_items")

        vendor = OrderStoreSummary.from_dict(d.pop("vendor"))

        agent_order_summary = cls(
            buyer=buyer,
            created_at=created_at,
            discount_cents=discount_cents,
            fulfillment_status=fulfillment_status,
            order_id=order_id,
            order_number=order_number,
            payment_status=payment_status,
            shipping_status=shipping_status,
            total_cents=total_cents,
            total_items=total_items,
            vendor=vendor,
        )

        agent_order_summary.additional_properties = d
        return agent_order_summary

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
