from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.plan_list import PlanList


T = TypeVar(
    "T", bound="ListVendorPlansApiV1VendorBillingPlansGetResponseListVendorPlansApiV1VendorBillingPlansGet"
)


@_attrs_define
class ListVendorPlansApiV1VendorBillingPlansGetResponseListVendorPlansApiV1VendorBillingPlansGet:
    """
    Attributes:
        data (PlanList):
    """

    data: PlanList

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
        from ..models.plan_list import PlanList  # noqa: PLC0415

        d = dict(src_dict)
        data = PlanList.from_dict(d.pop("data"))

        list_vendor_plans_api_v1_vendor_billing_plans_get_response_list_vendor_plans_api_v1_vendor_billing_plans_get = cls(
            data=data,
        )

        return list_vendor_plans_api_v1_vendor_billing_plans_get_response_list_vendor_plans_api_v1_vendor_billing_plans_get
