from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.order_status_out import OrderStatusOut


T = TypeVar(
    "T",
    bound="DecideOrderApiV1VendorOrdersOrderIdDecisionPostResponseDecideOrderApiV1VendorOrdersOrderIdDecisionPost",
)


@_attrs_define
class DecideOrderApiV1VendorOrdersOrderIdDecisionPostResponseDecideOrderApiV1VendorOrdersOrderIdDecisionPost:
    """
    Attributes:
        data (OrderStatusOut):
    """

    data: OrderStatusOut

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
        from ..models.order_status_out import OrderStatusOut  # noqa: PLC0415

        d = dict(src_dict)
        data = OrderStatusOut.from_dict(d.pop("data"))

        decide_order_api_v1_vendor_orders_order_id_decision_post_response_decide_order_api_v1_vendor_orders_order_id_decision_post = cls(
            data=data,
        )

        return decide_order_api_v1_vendor_orders_order_id_decision_post_response_decide_order_api_v1_vendor_orders_order_id_decision_post
