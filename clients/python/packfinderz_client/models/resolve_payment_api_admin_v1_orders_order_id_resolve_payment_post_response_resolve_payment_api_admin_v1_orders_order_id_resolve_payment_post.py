from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.finance_payment_intent_view import FinancePaymentIntentView


T = TypeVar(
    "T",
    bound="ResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPostResponseResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPost",
)


@_attrs_define
class ResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPostResponseResolvePaymentApiAdminV1OrdersOrderIdResolvePaymentPost:
    """
    Attributes:
        data (FinancePaymentIntentView):
    """

    data: FinancePaymentIntentView

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
        from ..models.finance_payment_intent_view import FinancePaymentIntentView  # noqa: PLC0415

        d = dict(src_dict)
        data = FinancePaymentIntentView.from_dict(d.pop("data"))

        resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post_response_resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post = cls(
            data=data,
        )

        return resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post_response_resolve_payment_api_admin_v1_orders_order_id_resolve_payment_post
