from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar(
    "T", bound="GetPayoutApiAdminV1OrdersPayoutsOrderIdGetResponseGetPayoutApiAdminV1OrdersPayoutsOrderIdGet"
)


@_attrs_define
class GetPayoutApiAdminV1OrdersPayoutsOrderIdGetResponseGetPayoutApiAdminV1OrdersPayoutsOrderIdGet:
    """
    Attributes:
        data (Any):
    """

    data: Any

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        get_payout_api_admin_v1_orders_payouts_order_id_get_response_get_payout_api_admin_v1_orders_payouts_order_id_get = cls(
            data=data,
        )

        return get_payout_api_admin_v1_orders_payouts_order_id_get_response_get_payout_api_admin_v1_orders_payouts_order_id_get
