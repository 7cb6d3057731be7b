from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.billing_customer_dto import BillingCustomerDTO


T = TypeVar(
    "T",
    bound="EnsureBillingCustomerApiAdminV1BillingCustomersPostResponseEnsureBillingCustomerApiAdminV1BillingCustomersPost",
)


@_attrs_define
class EnsureBillingCustomerApiAdminV1BillingCustomersPostResponseEnsureBillingCustomerApiAdminV1BillingCustomersPost:
    """
    Attributes:
        data (BillingCustomerDTO):
    """

    data: BillingCustomerDTO

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
        from ..models.billing_customer_dto import BillingCustomerDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = BillingCustomerDTO.from_dict(d.pop("data"))

        ensure_billing_customer_api_admin_v1_billing_customers_post_response_ensure_billing_customer_api_admin_v1_billing_customers_post = cls(
            data=data,
        )

        return ensure_billing_customer_api_admin_v1_billing_customers_post_response_ensure_billing_customer_api_admin_v1_billing_customers_post
