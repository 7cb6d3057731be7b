from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrdersPaymentIntentView")


@_attrs_define
class OrdersPaymentIntentView:
    """finance's payment intent as orders' projection has it (``id`` null until an event named it).

    Attributes:
        amount_cents (int):
        method (str):
        status (str):
        cash_collected_at (datetime.datetime | None | Unset):
        failure_reason (None | str | Unset):
        id (None | Unset | UUID):
        vendor_paid_at (datetime.datetime | None | Unset):
    """

    amount_cents: int
    method: str
    status: str
    cash_collected_at: datetime.datetime | None | Unset = UNSET
    failure_reason: None | str | Unset = UNSET
    id: None | Unset | UUID = UNSET
    vendor_paid_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        method = self.method

        status = self.status

        cash_collected_at: None | str | Unset
        if isinstance(self.cash_collected_at, Unset):
            cash_collected_at = UNSET
        elif isinstance(self.cash_collected_at, datetime.datetime):
            cash_collected_at = self.cash_collected_at.isoformat()
        else:
            cash_collected_at = self.cash_collected_at

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        vendor_paid_at: None | str | Unset
        if isinstance(self.vendor_paid_at, Unset):
            vendor_paid_at = UNSET
        elif isinstance(self.vendor_paid_at, datetime.datetime):
            vendor_paid_at = self.vendor_paid_at.isoformat()
        else:
            vendor_paid_at = self.vendor_paid_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_cents": amount_cents,
                "method": method,
                "status": status,
            }
        )
        if cash_collected_at is not UNSET:
            field_dict["cash_collected_at"] = cash_collected_at
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if id is not UNSET:
            field_dict["id"] = id
        if vendor_paid_at is not UNSET:
            field_dict["vendor_paid_at"] = vendor_paid_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        method = d.pop("method")

        status = d.pop("status")

        def _parse_cash_collected_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cash_collected_at_type_0 = datetime.datetime.fromisoformat(data)

                return cash_collected_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        cash_collected_at = _parse_cash_collected_at(d.pop("cash_collected_at", UNSET))

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        def _parse_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_vendor_paid_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vendor_paid_at_type_0 = datetime.datetime.fromisoformat(data)

                return vendor_paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        vendor_paid_at = _parse_vendor_paid_at(d.pop("vendor_paid_at", UNSET))

        orders_payment_intent_view = cls(
            amount_cents=amount_cents,
            method=method,
            status=status,
            cash_collected_at=cash_collected_at,
            failure_reason=failure_reason,
            id=id,
            vendor_paid_at=vendor_paid_at,
        )

        orders_payment_intent_view.additional_properties = d
        return orders_payment_intent_view

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
