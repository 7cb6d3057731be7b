from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PayoutConfirmed")


@_attrs_define
class PayoutConfirmed:
    """
    Attributes:
        order_id (UUID):
        payment_status (Literal['paid']):
        vendor_paid_at (datetime.datetime):
    """

    order_id: UUID
    payment_status: Literal["paid"]
    vendor_paid_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = str(self.order_id)

        payment_status = self.payment_status

        vendor_paid_at = self.vendor_paid_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "payment_status": payment_status,
                "vendor_paid_at": vendor_paid_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = UUID(d.pop("order_id"))

        payment_status = cast(Literal["paid"], d.pop("payment_status"))
        if payment_status != "paid":
            raise ValueError(f"payment_status must match const 'paid', got '{payment_status}'")

        vendor_paid_at = datetime.datetime.fromisoformat(d.pop("vendor_paid_at"))

        payout_confirmed = cls(
            order_id=order_id,
            payment_status=payment_status,
            vendor_paid_at=vendor_paid_at,
        )

        payout_confirmed.additional_properties = d
        return payout_confirmed

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
