from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.orders_order_detail_view import OrdersOrderDetailView


T = TypeVar("T", bound="GetOrderApiV1OrdersOrderIdGetResponseGetOrderApiV1OrdersOrderIdGet")


@_attrs_define
class GetOrderApiV1OrdersOrderIdGetResponseGetOrderApiV1OrdersOrderIdGet:
    """
    Attributes:
        data (OrdersOrderDetailView):
    """

    data: OrdersOrderDetailView

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
        from ..models.orders_order_detail_view import OrdersOrderDetailView  # noqa: PLC0415

        d = dict(src_dict)
        data = OrdersOrderDetailView.from_dict(d.pop("data"))

        get_order_api_v1_orders_order_id_get_response_get_order_api_v1_orders_order_id_get = cls(
            data=data,
        )

        return get_order_api_v1_orders_order_id_get_response_get_order_api_v1_orders_order_id_get
