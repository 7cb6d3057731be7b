from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HistoryTotalsView")


@_attrs_define
class HistoryTotalsView:
    """
    Attributes:
        total_discounts (int):
        total_items (int):
        total_orders (int):
        total_spent (int):
    """

    total_discounts: int
    total_items: int
    total_orders: int
    total_spent: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_discounts = self.total_discounts

        total_items = self.total_items

        total_orders = self.total_orders

        total_spent = self.total_spent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_discounts": total_discounts,
                "total_items": total_items,
                "total_orders": total_orders,
                "total_spent": total_spent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_discounts = d.pop("total_discounts")

        total_items = d.pop("total_items")

        total_orders = d.pop("total_orders")

        total_spent = d.pop("total_spent")

        history_totals_view = cls(
            total_discounts=total_discounts,
            total_items=total_items,
            total_orders=total_orders,
            total_spent=total_spent,
        )

        history_totals_view.additional_properties = d
        return history_totals_view

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
