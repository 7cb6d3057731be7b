from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CanceledOut")


@_attrs_define
class CanceledOut:
    """
    Attributes:
        balance_due_cents (int):
        order_id (UUID):
        status (Literal['canceled']):
    """

    balance_due_cents: int
    order_id: UUID
    status: Literal["canceled"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_due_cents = self.balance_due_cents

        order_id = str(self.order_id)

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance_due_cents": balance_due_cents,
                "order_id": order_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        balance_due_cents = d.pop("balance_due_cents")

        order_id = UUID(d.pop("order_id"))

        status = cast(Literal["canceled"], d.pop("status"))
        if status != "canceled":
            raise ValueError(f"status must match const 'canceled', got '{status}'")

        canceled_out = cls(
            balance_due_cents=balance_due_cents,
            order_id=order_id,
            status=status,
        )

        canceled_out.additional_properties = d
        return canceled_out

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
