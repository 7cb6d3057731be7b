from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.subscription_dto import SubscriptionDTO


T = TypeVar(
    "T", bound="GetSubscriptionApiV1VendorSubscriptionsGetResponseGetSubscriptionApiV1VendorSubscriptionsGet"
)


@_attrs_define
class GetSubscriptionApiV1VendorSubscriptionsGetResponseGetSubscriptionApiV1VendorSubscriptionsGet:
    additional_properties: dict[str, None | SubscriptionDTO] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.subscription_dto import SubscriptionDTO  # noqa: PLC0415

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, SubscriptionDTO):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subscription_dto import SubscriptionDTO  # noqa: PLC0415

        d = dict(src_dict)
        get_subscription_api_v1_vendor_subscriptions_get_response_get_subscription_api_v1_vendor_subscriptions_get = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> None | SubscriptionDTO:
                if data is None:
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    additional_property_type_0 = SubscriptionDTO.from_dict(data)

                    return additional_property_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(None | SubscriptionDTO, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        get_subscription_api_v1_vendor_subscriptions_get_response_get_subscription_api_v1_vendor_subscriptions_get.additional_properties = additional_properties
        return get_subscription_api_v1_vendor_subscriptions_get_response_get_subscription_api_v1_vendor_subscriptions_get

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> None | SubscriptionDTO:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: None | SubscriptionDTO) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
