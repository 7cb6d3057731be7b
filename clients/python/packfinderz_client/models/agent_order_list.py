from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.agent_order_summary import AgentOrderSummary
    from ..models.pagination_dto import PaginationDTO


T = TypeVar("T", bound="AgentOrderList")


@_attrs_define
class AgentOrderList:
    """
    Attributes:
        orders (list[AgentOrderSummary]):
        pagination (PaginationDTO): The ``pagination`` object in a response schema (what :class:`PageInfo` serialises
            to).
    """

    orders: list[AgentOrderSummary]
    pagination: PaginationDTO
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "pagination": pagination,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.agent_order_summary import AgentOrderSummary  # noqa: PLC0415
        from ..models.pagination_dto import PaginationDTO  # noqa: PLC0415

        d = dict(src_dict)
        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = AgentOrderSummary.from_dict(orders_item_data)

            orders.append(orders_item)

        pagination = PaginationDTO.from_dict(d.pop("pagination"))

        agent_order_list = cls(
            orders=orders,
            pagination=pagination,
        )

        agent_order_list.additional_properties = d
        return agent_order_list

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
