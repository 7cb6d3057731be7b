from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.setup_intent_dto import SetupIntentDTO


T = TypeVar(
    "T",
    bound="CreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPostResponseCreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPost",
)


@_attrs_define
class CreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPostResponseCreateSetupIntentApiV1VendorPaymentMethodsSetupIntentPost:
    additional_properties: dict[str, SetupIntentDTO] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.setup_intent_dto import SetupIntentDTO  # noqa: PLC0415

        d = dict(src_dict)
        create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post_response_create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = SetupIntentDTO.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post_response_create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post.additional_properties = additional_properties
        return create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post_response_create_setup_intent_api_v1_vendor_payment_methods_setup_intent_post

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> SetupIntentDTO:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: SetupIntentDTO) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
