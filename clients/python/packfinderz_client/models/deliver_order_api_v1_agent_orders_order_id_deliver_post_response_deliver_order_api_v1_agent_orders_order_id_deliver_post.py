from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.delivered_out import DeliveredOut


T = TypeVar(
    "T",
    bound="DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost",
)


@_attrs_define
class DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost:
    """
    Attributes:
        data (DeliveredOut):
    """

    data: DeliveredOut

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
        from ..models.delivered_out import DeliveredOut  # noqa: PLC0415

        d = dict(src_dict)
        data = DeliveredOut.from_dict(d.pop("data"))

        deliver_order_api_v1_agent_orders_order_id_deliver_post_response_deliver_order_api_v1_agent_orders_order_id_deliver_post = cls(
            data=data,
        )

        return deliver_order_api_v1_agent_orders_order_id_deliver_post_response_deliver_order_api_v1_agent_orders_order_id_deliver_post
