from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.payment_method_list import PaymentMethodList


T = TypeVar(
    "T",
    bound="ListPaymentMethodsApiV1VendorPaymentMethodsGetResponseListPaymentMethodsApiV1VendorPaymentMethodsGet",
)


@_attrs_define
class ListPaymentMethodsApiV1VendorPaymentMethodsGetResponseListPaymentMethodsApiV1VendorPaymentMethodsGet:
    """
    Attributes:
        data (PaymentMethodList):
    """

    data: PaymentMethodList

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
        from ..models.payment_method_list import PaymentMethodList  # noqa: PLC0415

        d = dict(src_dict)
        data = PaymentMethodList.from_dict(d.pop("data"))

        list_payment_methods_api_v1_vendor_payment_methods_get_response_list_payment_methods_api_v1_vendor_payment_methods_get = cls(
            data=data,
        )

        return list_payment_methods_api_v1_vendor_payment_methods_get_response_list_payment_methods_api_v1_vendor_payment_methods_get
