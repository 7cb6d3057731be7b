from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.setup_intent_dto import SetupIntentDTO


T = TypeVar(
    "T",
    bound="CreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPostResponseCreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPost",
)


@_attrs_define
class CreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPostResponseCreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPost:
    """
    Attributes:
        data (SetupIntentDTO):
    """

    data: SetupIntentDTO

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
        from ..models.setup_intent_dto import SetupIntentDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = SetupIntentDTO.from_dict(d.pop("data"))

        create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post_response_create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post = cls(
            data=data,
        )

        return create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post_response_create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post
