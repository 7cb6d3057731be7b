from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.line_decision_out import LineDecisionOut


T = TypeVar(
    "T",
    bound="DecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPostResponseDecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPost",
)


@_attrs_define
class DecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPostResponseDecideLineApiV1VendorOrdersOrderIdLineItemsDecisionPost:
    """
    Attributes:
        data (LineDecisionOut):
    """

    data: LineDecisionOut

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
        from ..models.line_decision_out import LineDecisionOut  # noqa: PLC0415

        d = dict(src_dict)
        data = LineDecisionOut.from_dict(d.pop("data"))

        decide_line_api_v1_vendor_orders_order_id_line_items_decision_post_response_decide_line_api_v1_vendor_orders_order_id_line_items_decision_post = cls(
            data=data,
        )

        return decide_line_api_v1_vendor_orders_order_id_line_items_decision_post_response_decide_line_api_v1_vendor_orders_order_id_line_items_decision_post
