from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subscription_dto import SubscriptionDTO


T = TypeVar(
    "T", bound="GetSubscriptionApiV1VendorSubscriptionsGetResponseGetSubscriptionApiV1VendorSubscriptionsGet"
)


@_attrs_define
class GetSubscriptionApiV1VendorSubscriptionsGetResponseGetSubscriptionApiV1VendorSubscriptionsGet:
    """
    Attributes:
        data (None | SubscriptionDTO):
    """

    data: None | SubscriptionDTO

    def to_dict(self) -> dict[str, Any]:
        from ..models.subscription_dto import SubscriptionDTO  # noqa: PLC0415

        data: dict[str, Any] | None
        if isinstance(self.data, SubscriptionDTO):
            data = self.data.to_dict()
        else:
            data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subscription_dto import SubscriptionDTO  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_data(data: object) -> None | SubscriptionDTO:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = SubscriptionDTO.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubscriptionDTO, data)

        data = _parse_data(d.pop("data"))

        get_subscription_api_v1_vendor_subscriptions_get_response_get_subscription_api_v1_vendor_subscriptions_get = cls(
            data=data,
        )

        return get_subscription_api_v1_vendor_subscriptions_get_response_get_subscription_api_v1_vendor_subscriptions_get
