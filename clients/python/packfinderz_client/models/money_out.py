from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MoneyOut")


@_attrs_define
class MoneyOut:
    """
    Attributes:
        adjustments_cents (int):
        cash_collected_cents (int):
        collected_cents (int):
        held_cents (int):
        paid_out_cents (int):
        refunded_cents (int):
    """

    adjustments_cents: int
    cash_collected_cents: int
    collected_cents: int
    held_cents: int
    paid_out_cents: int
    refunded_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        adjustments_cents = self.adjustments_cents

        cash_collected_cents = self.cash_collected_cents

        collected_cents = self.collected_cents

        held_cents = self.held_cents

        paid_out_cents = self.paid_out_cents

        refunded_cents = self.refunded_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "adjustments_cents": adjustments_cents,
                "cash_collected_cents": cash_collected_cents,
                "collected_cents": collected_cents,
                "held_cents": held_cents,
                "paid_out_cents": paid_out_cents,
                "refunded_cents": refunded_cents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        adjustments_cents = d.pop("adjustments_cents")

        cash_collected_cents = d.pop("cash_collected_cents")

        collected_cents = d.pop("collected_cents")

        held_cents = d.pop("held_cents")

        paid_out_cents = d.pop("paid_out_cents")

        refunded_cents = d.pop("refunded_cents")

        money_out = cls(
            adjustments_cents=adjustments_cents,
            cash_collected_cents=cash_collected_cents,
            collected_cents=collected_cents,
            held_cents=held_cents,
            paid_out_cents=paid_out_cents,
            refunded_cents=refunded_cents,
        )

        money_out.additional_properties = d
        return money_out

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
