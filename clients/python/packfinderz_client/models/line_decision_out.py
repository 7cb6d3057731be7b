from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.line_out import LineOut


T = TypeVar("T", bound="LineDecisionOut")


@_attrs_define
class LineDecisionOut:
    """
    Attributes:
        balance_due_cents (int):
        discounts_cents (int):
        fulfillment_status (str):
        line_item (LineOut):
        order_id (UUID):
        status (str):
        subtotal_cents (int):
        total_cents (int):
    """

    balance_due_cents: int
    discounts_cents: int
    fulfillment_status: str
    line_item: LineOut
    order_id: UUID
    status: str
    subtotal_cents: int
    total_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        balance_due_cents = self.balance_due_cents

        discounts_cents = self.discounts_cents

        fulfillment_status = self.fulfillment_status

        line_item = self.line_item.to_dict()

        order_id = str(self.order_id)

        status = self.status

        subtotal_cents = self.subtotal_cents

        total_cents = self.total_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "balance_due_cents": balance_due_cents,
                "discounts_cents": discounts_cents,
                "fulfillment_status": fulfillment_status,
                "line_item": line_item,
                "order_id": order_id,
                "status": status,
                "subtotal_cents": subtotal_cents,
                "total_cents": total_cents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.line_out import LineOut  # noqa: PLC0415

        d = dict(src_dict)
        balance_due_cents = d.pop("balance_due_cents")

        discounts_cents = d.pop("discounts_cents")

        fulfillment_status = d.pop("fulfillment_status")

        line_item = LineOut.from_dict(d.pop("line_item"))

        order_id = UUID(d.pop("order_id"))

        status = d.pop("status")

        subtotal_cents = d.pop("subtotal_cents")

        total_cents = d.pop("total_cents")

        line_decision_out = cls(
            balance_due_cents=balance_due_cents,
            discounts_cents=discounts_cents,
            fulfillment_status=fulfillment_status,
            line_item=line_item,
            order_id=order_id,
            status=status,
            subtotal_cents=subtotal_cents,
            total_cents=total_cents,
        )

        line_decision_out.additional_properties = d
        return line_decision_out

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
