from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.logistics_order_detail_view import LogisticsOrderDetailView


T = TypeVar("T", bound="GetOrderApiV1AgentOrdersOrderIdGetResponseGetOrderApiV1AgentOrdersOrderIdGet")


@_attrs_define
class GetOrderApiV1AgentOrdersOrderIdGetResponseGetOrderApiV1AgentOrdersOrderIdGet:
    """
    Attributes:
        data (LogisticsOrderDetailView):
    """

    data: LogisticsOrderDetailView

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
        from ..models.logistics_order_detail_view import LogisticsOrderDetailView  # noqa: PLC0415

        d = dict(src_dict)
        data = LogisticsOrderDetailView.from_dict(d.pop("data"))

        get_order_api_v1_agent_orders_order_id_get_response_get_order_api_v1_agent_orders_order_id_get = cls(
            data=data,
        )

        return get_order_api_v1_agent_orders_order_id_get_response_get_order_api_v1_agent_orders_order_id_get
