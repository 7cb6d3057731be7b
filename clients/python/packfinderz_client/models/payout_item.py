from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PayoutItem")


@_attrs_define
class PayoutItem:
    """
    Attributes:
        amount_cents (int):
        delivered_at (datetime.datetime):
        order_id (UUID):
        vendor_store_id (UUID):
        order_number (int | None | Unset):
    """

    amount_cents: int
    delivered_at: datetime.datetime
    order_id: UUID
    vendor_store_id: UUID
    order_number: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        delivered_at = self.delivered_at.isoformat()

        order_id = str(self.order_id)

        vendor_store_id = str(self.vendor_store_id)

        order_number: int | None | Unset
        if isinstance(self.order_number, Unset):
            order_number = UNSET
        else:
            order_number = self.order_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_cents": amount_cents,
                "delivered_at": delivered_at,
                "order_id": order_id,
                "vendor_store_id": vendor_store_id,
            }
        )
        if order_number is not UNSET:
            field_dict["order_number"] = order_number

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        delivered_at = datetime.datetime.fromisoformat(d.pop("delivered_at"))

        order_id = UUID(d.pop("order_id"))

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        def _parse_order_number(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        order_number = _parse_order_number(d.pop("order_number", UNSET))

        payout_item = cls(
            amount_cents=amount_cents,
            delivered_at=delivered_at,
            order_id=order_id,
            vendor_store_id=vendor_store_id,
            order_number=order_number,
        )

        payout_item.additional_properties = d
        return payout_item

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
