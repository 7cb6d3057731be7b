from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payout_confirmed import PayoutConfirmed


T = TypeVar(
    "T",
    bound="ConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPostResponseConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPost",
)


@_attrs_define
class ConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPostResponseConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPost:
    """
    Attributes:
        data (PayoutConfirmed):
    """

    data: PayoutConfirmed

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
        from ..models.payout_confirmed import PayoutConfirmed  # noqa: PLC0415

        d = dict(src_dict)
        data = PayoutConfirmed.from_dict(d.pop("data"))

        confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post_response_confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post = cls(
            data=data,
        )

        return confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post_response_confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post
