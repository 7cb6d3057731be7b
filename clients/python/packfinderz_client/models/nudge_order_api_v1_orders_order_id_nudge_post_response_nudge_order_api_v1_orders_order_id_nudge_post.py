from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.nudged_out import NudgedOut


T = TypeVar("T", bound="NudgeOrderApiV1OrdersOrderIdNudgePostResponseNudgeOrderApiV1OrdersOrderIdNudgePost")


@_attrs_define
class NudgeOrderApiV1OrdersOrderIdNudgePostResponseNudgeOrderApiV1OrdersOrderIdNudgePost:
    """
    Attributes:
        data (NudgedOut):
    """

    data: NudgedOut

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
        from ..models.nudged_out import NudgedOut  # noqa: PLC0415

        d = dict(src_dict)
        data = NudgedOut.from_dict(d.pop("data"))

        nudge_order_api_v1_orders_order_id_nudge_post_response_nudge_order_api_v1_orders_order_id_nudge_post = cls(
            data=data,
        )

        return nudge_order_api_v1_orders_order_id_nudge_post_response_nudge_order_api_v1_orders_order_id_nudge_post
