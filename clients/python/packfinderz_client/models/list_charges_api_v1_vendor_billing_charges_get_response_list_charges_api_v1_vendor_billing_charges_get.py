from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.charge_page import ChargePage


T = TypeVar(
    "T", bound="ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet"
)


@_attrs_define
class ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet:
    """
    Attributes:
        data (ChargePage):
    """

    data: ChargePage

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
        from ..models.charge_page import ChargePage  # noqa: PLC0415

        d = dict(src_dict)
        data = ChargePage.from_dict(d.pop("data"))

        list_charges_api_v1_vendor_billing_charges_get_response_list_charges_api_v1_vendor_billing_charges_get = cls(
            data=data,
        )

        return list_charges_api_v1_vendor_billing_charges_get_response_list_charges_api_v1_vendor_billing_charges_get
