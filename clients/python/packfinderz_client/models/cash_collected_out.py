from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CashCollectedOut")


@_attrs_define
class CashCollectedOut:
    """
    Attributes:
        amount_cents (int):
        cash_collected_at (datetime.datetime):
        order_id (UUID):
        payment_status (Literal['settled']):
    """

    amount_cents: int
    cash_collected_at: datetime.datetime
    order_id: UUID
    payment_status: Literal["settled"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        cash_collected_at = self.cash_collected_at.isoformat()

        order_id = str(self.order_id)

        payment_status = self.payment_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_cents": amount_cents,
                "cash_collected_at": cash_collected_at,
                "order_id": order_id,
                "payment_status": payment_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        cash_collected_at = datetime.datetime.fromisoformat(d.pop("cash_collected_at"))

        order_id = UUID(d.pop("order_id"))

        payment_status = cast(Literal["settled"], d.pop("payment_status"))
        if payment_status != "settled":
            raise ValueError(f"payment_status must match const 'settled', got '{payment_status}'")

        cash_collected_out = cls(
            amount_cents=amount_cents,
            cash_collected_at=cash_collected_at,
            order_id=order_id,
            payment_status=payment_status,
        )

        cash_collected_out.additional_properties = d
        return cash_collected_out

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
