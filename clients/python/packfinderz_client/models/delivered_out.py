from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeliveredOut")


@_attrs_define
class DeliveredOut:
    """
    Attributes:
        delivered_at (datetime.datetime):
        order_id (UUID):
        status (Literal['delivered']):
    """

    delivered_at: datetime.datetime
    order_id: UUID
    status: Literal["delivered"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivered_at = self.delivered_at.isoformat()

        order_id = str(self.order_id)

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivered_at": delivered_at,
                "order_id": order_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivered_at = datetime.datetime.fromisoformat(d.pop("delivered_at"))

        order_id = UUID(d.pop("order_id"))

        status = cast(Literal["delivered"], d.pop("status"))
        if status != "delivered":
            raise ValueError(f"status must match const 'delivered', got '{status}'")

        delivered_out = cls(
            delivered_at=delivered_at,
            order_id=order_id,
            status=status,
        )

        delivered_out.additional_properties = d
        return delivered_out

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
