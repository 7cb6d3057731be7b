from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.agent_order_list import AgentOrderList


T = TypeVar("T", bound="ListQueueApiV1AgentOrdersQueueGetResponseListQueueApiV1AgentOrdersQueueGet")


@_attrs_define
class ListQueueApiV1AgentOrdersQueueGetResponseListQueueApiV1AgentOrdersQueueGet:
    """
    Attributes:
        data (AgentOrderList):
    """

    data: AgentOrderList

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
        from ..models.agent_order_list import AgentOrderList  # noqa: PLC0415

        d = dict(src_dict)
        data = AgentOrderList.from_dict(d.pop("data"))

        list_queue_api_v1_agent_orders_queue_get_response_list_queue_api_v1_agent_orders_queue_get = cls(
            data=data,
        )

        return list_queue_api_v1_agent_orders_queue_get_response_list_queue_api_v1_agent_orders_queue_get
