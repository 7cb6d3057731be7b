from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.finance_payment_intent_view import FinancePaymentIntentView


T = TypeVar(
    "T",
    bound="ResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPostResponseResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPost",
)


@_attrs_define
class ResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPostResponseResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPost:
    additional_properties: dict[str, FinancePaymentIntentView] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finance_payment_intent_view import FinancePaymentIntentView  # noqa: PLC0415

        d = dict(src_dict)
        resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post_response_resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = FinancePaymentIntentView.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post_response_resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post.additional_properties = additional_properties
        return resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post_response_resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> FinancePaymentIntentView:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: FinancePaymentIntentView) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
