from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.logistics_assignment_view import LogisticsAssignmentView


T = TypeVar(
    "T", bound="ClaimOrderApiV1AgentOrdersOrderIdClaimPostResponseClaimOrderApiV1AgentOrdersOrderIdClaimPost"
)


@_attrs_define
class ClaimOrderApiV1AgentOrdersOrderIdClaimPostResponseClaimOrderApiV1AgentOrdersOrderIdClaimPost:
    """
    Attributes:
        data (LogisticsAssignmentView):
    """

    data: LogisticsAssignmentView

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
        from ..models.logistics_assignment_view import LogisticsAssignmentView  # noqa: PLC0415

        d = dict(src_dict)
        data = LogisticsAssignmentView.from_dict(d.pop("data"))

        claim_order_api_v1_agent_orders_order_id_claim_post_response_claim_order_api_v1_agent_orders_order_id_claim_post = cls(
            data=data,
        )

        return claim_order_api_v1_agent_orders_order_id_claim_post_response_claim_order_api_v1_agent_orders_order_id_claim_post
