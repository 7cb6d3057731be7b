from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cash_collected_out import CashCollectedOut


T = TypeVar(
    "T",
    bound="CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost",
)


@_attrs_define
class CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost:
    """
    Attributes:
        data (CashCollectedOut):
    """

    data: CashCollectedOut

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
        from ..models.cash_collected_out import CashCollectedOut  # noqa: PLC0415

        d = dict(src_dict)
        data = CashCollectedOut.from_dict(d.pop("data"))

        collect_cash_api_v1_agent_orders_order_id_cash_collected_post_response_collect_cash_api_v1_agent_orders_order_id_cash_collected_post = cls(
            data=data,
        )

        return collect_cash_api_v1_agent_orders_order_id_cash_collected_post_response_collect_cash_api_v1_agent_orders_order_id_cash_collected_post
