from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.order_list_view import OrderListView


T = TypeVar("T", bound="ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet")


@_attrs_define
class ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet:
    """
    Attributes:
        data (OrderListView):
    """

    data: OrderListView

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_list_view import OrderListView  # noqa: PLC0415

        d = dict(src_dict)
        data = OrderListView.from_dict(d.pop("data"))

        list_orders_api_v1_orders_get_response_list_orders_api_v1_orders_get = cls(
            data=data,
        )

        return list_orders_api_v1_orders_get_response_list_orders_api_v1_orders_get
