from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payment_method_dto import PaymentMethodDTO


T = TypeVar(
    "T",
    bound="SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch",
)


@_attrs_define
class SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch:
    """
    Attributes:
        data (PaymentMethodDTO):
    """

    data: PaymentMethodDTO

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
        from ..models.payment_method_dto import PaymentMethodDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = PaymentMethodDTO.from_dict(d.pop("data"))

        set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch_response_set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch = cls(
            data=data,
        )

        return set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch_response_set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch
