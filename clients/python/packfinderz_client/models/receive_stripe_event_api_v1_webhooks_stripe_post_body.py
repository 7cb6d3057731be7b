from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.receive_stripe_event_api_v1_webhooks_stripe_post_body_data import (
        ReceiveStripeEventApiV1WebhooksStripePostBodyData,
    )


T = TypeVar("T", bound="ReceiveStripeEventApiV1WebhooksStripePostBody")


@_attrs_define
class ReceiveStripeEventApiV1WebhooksStripePostBody:
    """
    Attributes:
        created (int): Unix seconds: the event's time
        data (ReceiveStripeEventApiV1WebhooksStripePostBodyData):
        id (str):
        type_ (str):
        livemode (bool | Unset):
    """

    created: int
    data: ReceiveStripeEventApiV1WebhooksStripePostBodyData
    id: str
    type_: str
    livemode: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        data = self.data.to_dict()

        id = self.id

        type_ = self.type_

        livemode = self.livemode

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "data": data,
                "id": id,
                "type": type_,
            }
        )
        if livemode is not UNSET:
            field_dict["livemode"] = livemode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.receive_stripe_event_api_v1_webhooks_stripe_post_body_data import (
            ReceiveStripeEventApiV1WebhooksStripePostBodyData,  # noqa: PLC0415
        )

        d = dict(src_dict)
        created = d.pop("created")

        data = ReceiveStripeEventApiV1WebhooksStripePostBodyData.from_dict(d.pop("data"))

        id = d.pop("id")

        type_ = d.pop("type")

        livemode = d.pop("livemode", UNSET)

        receive_stripe_event_api_v1_webhooks_stripe_post_body = cls(
            created=created,
            data=data,
            id=id,
            type_=type_,
            livemode=livemode,
        )

        receive_stripe_event_api_v1_webhooks_stripe_post_body.additional_properties = d
        return receive_stripe_event_api_v1_webhooks_stripe_post_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
