from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.retried_out import RetriedOut


T = TypeVar("T", bound="RetryOrderApiV1OrdersOrderIdRetryPostResponseRetryOrderApiV1OrdersOrderIdRetryPost")


@_attrs_define
class RetryOrderApiV1OrdersOrderIdRetryPostResponseRetryOrderApiV1OrdersOrderIdRetryPost:
    """
    Attributes:
        data (RetriedOut):
    """

    data: RetriedOut

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
        from ..models.retried_out import RetriedOut  # noqa: PLC0415

        d = dict(src_dict)
        data = RetriedOut.from_dict(d.pop("data"))

        retry_order_api_v1_orders_order_id_retry_post_response_retry_order_api_v1_orders_order_id_retry_post = cls(
            data=data,
        )

        return retry_order_api_v1_orders_order_id_retry_post_response_retry_order_api_v1_orders_order_id_retry_post
