from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.payout_page import PayoutPage


T = TypeVar("T", bound="ListPayoutsApiAdminV1OrdersPayoutsGetResponseListPayoutsApiAdminV1OrdersPayoutsGet")


@_attrs_define
class ListPayoutsApiAdminV1OrdersPayoutsGetResponseListPayoutsApiAdminV1OrdersPayoutsGet:
    additional_properties: dict[str, PayoutPage] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payout_page import PayoutPage  # noqa: PLC0415

        d = dict(src_dict)
        list_payouts_api_admin_v1_orders_payouts_get_response_list_payouts_api_admin_v1_orders_payouts_get = (
            cls()
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = PayoutPage.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        list_payouts_api_admin_v1_orders_payouts_get_response_list_payouts_api_admin_v1_orders_payouts_get.additional_properties = additional_properties
        return (
            list_payouts_api_admin_v1_orders_payouts_get_response_list_payouts_api_admin_v1_orders_payouts_get
        )

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> PayoutPage:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: PayoutPage) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
