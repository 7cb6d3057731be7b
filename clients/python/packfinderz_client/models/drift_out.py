from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.drift_out_by_reason import DriftOutByReason
    from ..models.drifting_order_out import DriftingOrderOut


T = TypeVar("T", bound="DriftOut")


@_attrs_define
class DriftOut:
    """
    Attributes:
        by_reason (DriftOutByReason):
        count (int):
        limit (int):
        orders (list[DriftingOrderOut]):
    """

    by_reason: DriftOutByReason
    count: int
    limit: int
    orders: list[DriftingOrderOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        by_reason = self.by_reason.to_dict()

        count = self.count

        limit = self.limit

        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "by_reason": by_reason,
                "count": count,
                "limit": limit,
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.drift_out_by_reason import DriftOutByReason  # noqa: PLC0415
        from ..models.drifting_order_out import DriftingOrderOut  # noqa: PLC0415

        d = dict(src_dict)
        by_reason = DriftOutByReason.from_dict(d.pop("by_reason"))

        count = d.pop("count")

        limit = d.pop("limit")

        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = DriftingOrderOut.from_dict(orders_item_data)

            orders.append(orders_item)

        drift_out = cls(
            by_reason=by_reason,
            count=count,
            limit=limit,
            orders=orders,
        )

        drift_out.additional_properties = d
        return drift_out

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
