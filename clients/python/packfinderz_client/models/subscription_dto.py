from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subscription_dto_provider import SubscriptionDTOProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionDTO")


@_attrs_define
class SubscriptionDTO:
    """API.md §2 SubscriptionDTO, plus the provider that holds the subscription.

    Attributes:
        cancel_at_period_end (bool):
        current_period_end (datetime.datetime):
        id (UUID):
        provider (SubscriptionDTOProvider):
        status (str):
        billing_plan_id (None | str | Unset):
        canceled_at (datetime.datetime | None | Unset):
        current_period_start (datetime.datetime | None | Unset):
        paused_at (datetime.datetime | None | Unset):
        price_id (None | str | Unset):
    """

    cancel_at_period_end: bool
    current_period_end: datetime.datetime
    id: UUID
    provider: SubscriptionDTOProvider
    status: str
    billing_plan_id: None | str | Unset = UNSET
    canceled_at: datetime.datetime | None | Unset = UNSET
    current_period_start: datetime.datetime | None | Unset = UNSET
    paused_at: datetime.datetime | None | Unset = UNSET
    price_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancel_at_period_end = self.cancel_at_period_end

        current_period_end = self.current_period_end.isoformat()

        id = str(self.id)

        provider = self.provider.value

        status = self.status

        billing_plan_id: None | str | Unset
        if isinstance(self.billing_plan_id, Unset):
            billing_plan_id = UNSET
        else:
            billing_plan_id = self.billing_plan_id

        canceled_at: None | str | Unset
        if isinstance(self.canceled_at, Unset):
            canceled_at = UNSET
        elif isinstance(self.canceled_at, datetime.datetime):
            canceled_at = self.canceled_at.isoformat()
        else:
            canceled_at = self.canceled_at

        current_period_start: None | str | Unset
        if isinstance(self.current_period_start, Unset):
            current_period_start = UNSET
        elif isinstance(self.current_period_start, datetime.datetime):
            current_period_start = self.current_period_start.isoformat()
        else:
            current_period_start = self.current_period_start

        paused_at: None | str | Unset
        if isinstance(self.paused_at, Unset):
            paused_at = UNSET
        elif isinstance(self.paused_at, datetime.datetime):
            paused_at = self.paused_at.isoformat()
        else:
            paused_at = self.paused_at

        price_id: None | str | Unset
        if isinstance(self.price_id, Unset):
            price_id = UNSET
        else:
            price_id = self.price_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancel_at_period_end": cancel_at_period_end,
                "current_period_end": current_period_end,
                "id": id,
                "provider": provider,
                "status": status,
            }
        )
        if billing_plan_id is not UNSET:
            field_dict["billing_plan_id"] = billing_plan_id
        if canceled_at is not UNSET:
            field_dict["canceled_at"] = canceled_at
        if current_period_start is not UNSET:
            field_dict["current_period_start"] = current_period_start
        if paused_at is not UNSET:
            field_dict["paused_at"] = paused_at
        if price_id is not UNSET:
            field_dict["price_id"] = price_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cancel_at_period_end = d.pop("cancel_at_period_end")

        current_period_end = datetime.datetime.fromisoformat(d.pop("current_period_end"))

        id = UUID(d.pop("id"))

        provider = SubscriptionDTOProvider(d.pop("provider"))

        status = d.pop("status")

        def _parse_billing_plan_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        billing_plan_id = _parse_billing_plan_id(d.pop("billing_plan_id", UNSET))

        def _parse_canceled_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                canceled_at_type_0 = datetime.datetime.fromisoformat(data)

                return canceled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        canceled_at = _parse_canceled_at(d.pop("canceled_at", UNSET))

        def _parse_current_period_start(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_start_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        current_period_start = _parse_current_period_start(d.pop("current_period_start", UNSET))

        def _parse_paused_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paused_at_type_0 = datetime.datetime.fromisoformat(data)

                return paused_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        paused_at = _parse_paused_at(d.pop("paused_at", UNSET))

        def _parse_price_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        price_id = _parse_price_id(d.pop("price_id", UNSET))

        subscription_dto = cls(
            cancel_at_period_end=cancel_at_period_end,
            current_period_end=current_period_end,
            id=id,
            provider=provider,
            status=status,
            billing_plan_id=billing_plan_id,
            canceled_at=canceled_at,
            current_period_start=current_period_start,
            paused_at=paused_at,
            price_id=price_id,
        )

        subscription_dto.additional_properties = d
        return subscription_dto

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
