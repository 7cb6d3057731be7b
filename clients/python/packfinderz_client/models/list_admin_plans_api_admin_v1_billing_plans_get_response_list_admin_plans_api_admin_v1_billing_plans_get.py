from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.plan_list import PlanList


T = TypeVar(
    "T", bound="ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet"
)


@_attrs_define
class ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet:
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

        list_admin_plans_api_admin_v1_billing_plans_get_response_list_admin_plans_api_admin_v1_billing_plans_get = cls(
            data=data,
        )

        return list_admin_plans_api_admin_v1_billing_plans_get_response_list_admin_plans_api_admin_v1_billing_plans_get
