from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DriftingOrderOut")


@_attrs_define
class DriftingOrderOut:
    """
    Attributes:
        adjustments_cents (int):
        amount_cents (int | None):
        cash_collected_cents (int):
        delivered_at (datetime.datetime | None):
        ledger_rows (int):
        order_id (UUID):
        order_status (None | str):
        paid_out_cents (int):
        payment_intent_id (None | UUID):
        payment_status (None | str):
        reasons (list[str]):
        vendor_store_id (None | UUID):
    """

    adjustments_cents: int
    amount_cents: int | None
    cash_collected_cents: int
    delivered_at: datetime.datetime | None
    ledger_rows: int
    order_id: UUID
    order_status: None | str
    paid_out_cents: int
    payment_intent_id: None | UUID
    payment_status: None | str
    reasons: list[str]
    vendor_store_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        adjustments_cents = self.adjustments_cents

        amount_cents: int | None
        amount_cents = self.amount_cents

        cash_collected_cents = self.cash_collected_cents

        delivered_at: None | str
        if isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        ledger_rows = self.ledger_rows

        order_id = str(self.order_id)

        order_status: None | str
        order_status = self.order_status

        paid_out_cents = self.paid_out_cents

        payment_intent_id: None | str
        if isinstance(self.payment_intent_id, UUID):
            payment_intent_id = str(self.payment_intent_id)
        else:
            payment_intent_id = self.payment_intent_id

        payment_status: None | str
        payment_status = self.payment_status

        reasons = self.reasons

        vendor_store_id: None | str
        if isinstance(self.vendor_store_id, UUID):
            vendor_store_id = str(self.vendor_store_id)
        else:
            vendor_store_id = self.vendor_store_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "adjustments_cents": adjustments_cents,
                "amount_cents": amount_cents,
                "cash_collected_cents": cash_collected_cents,
                "delivered_at": delivered_at,
                "ledger_rows": ledger_rows,
                "order_id": order_id,
                "order_status": order_status,
                "paid_out_cents": paid_out_cents,
                "payment_intent_id": payment_intent_id,
                "payment_status": payment_status,
                "reasons": reasons,
                "vendor_store_id": vendor_store_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        adjustments_cents = d.pop("adjustments_cents")

        def _parse_amount_cents(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_cents = _parse_amount_cents(d.pop("amount_cents"))

        cash_collected_cents = d.pop("cash_collected_cents")

        def _parse_delivered_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at"))

        ledger_rows = d.pop("ledger_rows")

        order_id = UUID(d.pop("order_id"))

        def _parse_order_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        order_status = _parse_order_status(d.pop("order_status"))

        paid_out_cents = d.pop("paid_out_cents")

        def _parse_payment_intent_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_intent_id_type_0 = UUID(data)

                return payment_intent_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        payment_intent_id = _parse_payment_intent_id(d.pop("payment_intent_id"))

        def _parse_payment_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_status = _parse_payment_status(d.pop("payment_status"))

        reasons = cast(list[str], d.pop("reasons"))

        def _parse_vendor_store_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vendor_store_id_type_0 = UUID(data)

                return vendor_store_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        vendor_store_id = _parse_vendor_store_id(d.pop("vendor_store_id"))

        drifting_order_out = cls(
            adjustments_cents=adjustments_cents,
            amount_cents=amount_cents,
            cash_collected_cents=cash_collected_cents,
            delivered_at=delivered_at,
            ledger_rows=ledger_rows,
            order_id=order_id,
            order_status=order_status,
            paid_out_cents=paid_out_cents,
            payment_intent_id=payment_intent_id,
            payment_status=payment_status,
            reasons=reasons,
            vendor_store_id=vendor_store_id,
        )

        drifting_order_out.additional_properties = d
        return drifting_order_out

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
