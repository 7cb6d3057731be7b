from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.webhook_received import WebhookReceived


T = TypeVar(
    "T", bound="ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost"
)


@_attrs_define
class ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost:
    """
    Attributes:
        data (WebhookReceived):
    """

    data: WebhookReceived

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
        from ..models.webhook_received import WebhookReceived  # noqa: PLC0415

        d = dict(src_dict)
        data = WebhookReceived.from_dict(d.pop("data"))

        receive_stripe_event_api_v1_webhooks_stripe_post_response_receive_stripe_event_api_v1_webhooks_stripe_post = cls(
            data=data,
        )

        return receive_stripe_event_api_v1_webhooks_stripe_post_response_receive_stripe_event_api_v1_webhooks_stripe_post
