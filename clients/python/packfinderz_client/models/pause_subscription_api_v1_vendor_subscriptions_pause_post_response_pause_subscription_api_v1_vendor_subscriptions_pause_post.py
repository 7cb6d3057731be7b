from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subscription_dto import SubscriptionDTO


T = TypeVar(
    "T",
    bound="PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost",
)


@_attrs_define
class PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost:
    """
    Attributes:
        data (SubscriptionDTO): API.md §2 SubscriptionDTO, plus the provider that holds the subscription.
    """

    data: SubscriptionDTO

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
        from ..models.subscription_dto import SubscriptionDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = SubscriptionDTO.from_dict(d.pop("data"))

        pause_subscription_api_v1_vendor_subscriptions_pause_post_response_pause_subscription_api_v1_vendor_subscriptions_pause_post = cls(
            data=data,
        )

        return pause_subscription_api_v1_vendor_subscriptions_pause_post_response_pause_subscription_api_v1_vendor_subscriptions_pause_post
