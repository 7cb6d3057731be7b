from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.logistics_assignment_view import LogisticsAssignmentView


T = TypeVar(
    "T",
    bound="AssignAgentApiAdminV1OrdersOrderIdAssignAgentPostResponseAssignAgentApiAdminV1OrdersOrderIdAssignAgentPost",
)


@_attrs_define
class AssignAgentApiAdminV1OrdersOrderIdAssignAgentPostResponseAssignAgentApiAdminV1OrdersOrderIdAssignAgentPost:
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

        assign_agent_api_admin_v1_orders_order_id_assign_agent_post_response_assign_agent_api_admin_v1_orders_order_id_assign_agent_post = cls(
            data=data,
        )

        return assign_agent_api_admin_v1_orders_order_id_assign_agent_post_response_assign_agent_api_admin_v1_orders_order_id_assign_agent_post
