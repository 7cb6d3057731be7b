from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.payout_confirmed import PayoutConfirmed


T = TypeVar(
    "T",
    bound="ConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPostResponseConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPost",
)


@_attrs_define
class ConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPostResponseConfirmPayoutApiAdminV1OrdersOrderIdConfirmPayoutPost:
    additional_properties: dict[str, PayoutConfirmed] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payout_confirmed import PayoutConfirmed  # noqa: PLC0415

        d = dict(src_dict)
        confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post_response_confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = PayoutConfirmed.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post_response_confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post.additional_properties = additional_properties
        return confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post_response_confirm_payout_api_admin_v1_orders_order_id_confirm_payout_post

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> PayoutConfirmed:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: PayoutConfirmed) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
