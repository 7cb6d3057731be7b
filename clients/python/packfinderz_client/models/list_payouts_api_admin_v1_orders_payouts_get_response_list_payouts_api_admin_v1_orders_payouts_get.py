from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payout_page import PayoutPage


T = TypeVar("T", bound="ListPayoutsApiAdminV1OrdersPayoutsGetResponseListPayoutsApiAdminV1OrdersPayoutsGet")


@_attrs_define
class ListPayoutsApiAdminV1OrdersPayoutsGetResponseListPayoutsApiAdminV1OrdersPayoutsGet:
    """
    Attributes:
        data (PayoutPage):
    """

    data: PayoutPage

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
        from ..models.payout_page import PayoutPage  # noqa: PLC0415

        d = dict(src_dict)
        data = PayoutPage.from_dict(d.pop("data"))

        list_payouts_api_admin_v1_orders_payouts_get_response_list_payouts_api_admin_v1_orders_payouts_get = (
            cls(
                data=data,
            )
        )

        return (
            list_payouts_api_admin_v1_orders_payouts_get_response_list_payouts_api_admin_v1_orders_payouts_get
        )
