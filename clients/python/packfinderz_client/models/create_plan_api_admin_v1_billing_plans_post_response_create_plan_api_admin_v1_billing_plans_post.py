from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.billing_plan_dto import BillingPlanDTO


T = TypeVar("T", bound="CreatePlanApiAdminV1BillingPlansPostResponseCreatePlanApiAdminV1BillingPlansPost")


@_attrs_define
class CreatePlanApiAdminV1BillingPlansPostResponseCreatePlanApiAdminV1BillingPlansPost:
    """
    Attributes:
        data (BillingPlanDTO):
    """

    data: BillingPlanDTO

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
        from ..models.billing_plan_dto import BillingPlanDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = BillingPlanDTO.from_dict(d.pop("data"))

        create_plan_api_admin_v1_billing_plans_post_response_create_plan_api_admin_v1_billing_plans_post = (
            cls(
                data=data,
            )
        )

        return (
            create_plan_api_admin_v1_billing_plans_post_response_create_plan_api_admin_v1_billing_plans_post
        )
