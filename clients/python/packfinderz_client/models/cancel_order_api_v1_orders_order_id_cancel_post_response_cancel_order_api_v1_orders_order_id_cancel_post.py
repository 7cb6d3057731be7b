from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.canceled_out import CanceledOut


T = TypeVar(
    "T", bound="CancelOrderApiV1OrdersOrderIdCancelPostResponseCancelOrderApiV1OrdersOrderIdCancelPost"
)


@_attrs_define
class CancelOrderApiV1OrdersOrderIdCancelPostResponseCancelOrderApiV1OrdersOrderIdCancelPost:
    """
    Attributes:
        data (CanceledOut):
    """

    data: CanceledOut

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
        from ..models.canceled_out import CanceledOut  # noqa: PLC0415

        d = dict(src_dict)
        data = CanceledOut.from_dict(d.pop("data"))

        cancel_order_api_v1_orders_order_id_cancel_post_response_cancel_order_api_v1_orders_order_id_cancel_post = cls(
            data=data,
        )

        return cancel_order_api_v1_orders_order_id_cancel_post_response_cancel_order_api_v1_orders_order_id_cancel_post
