from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.picked_up_out import PickedUpOut


T = TypeVar(
    "T",
    bound="PickUpOrderApiV1AgentOrdersOrderIdPickupPostResponsePickUpOrderApiV1AgentOrdersOrderIdPickupPost",
)


@_attrs_define
class PickUpOrderApiV1AgentOrdersOrderIdPickupPostResponsePickUpOrderApiV1AgentOrdersOrderIdPickupPost:
    """
    Attributes:
        data (PickedUpOut):
    """

    data: PickedUpOut

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
        from ..models.picked_up_out import PickedUpOut  # noqa: PLC0415

        d = dict(src_dict)
        data = PickedUpOut.from_dict(d.pop("data"))

        pick_up_order_api_v1_agent_orders_order_id_pickup_post_response_pick_up_order_api_v1_agent_orders_order_id_pickup_post = cls(
            data=data,
        )

        return pick_up_order_api_v1_agent_orders_order_id_pickup_post_response_pick_up_order_api_v1_agent_orders_order_id_pickup_post
