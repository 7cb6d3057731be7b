from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChargeDTO")


@_attrs_define
class ChargeDTO:
    """
    Attributes:
        amount_cents (int):
        created_at (datetime.datetime):
        currency (str):
        id (UUID):
        status (str):
        type_ (str):
        billed_at (datetime.datetime | None | Unset):
        description (None | str | Unset):
    """

    amount_cents: int
    created_at: datetime.datetime
    currency: str
    id: UUID
    status: str
    type_: str
    billed_at: datetime.datetime | None | Unset = UNSET
    description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        created_at = self.created_at.isoformat()

        currency = self.currency

        id = str(self.id)

        status = self.status

        type_ = self.type_

        billed_at: None | str | Unset
        if isinstance(self.billed_at, Unset):
            billed_at = UNSET
        elif isinstance(self.billed_at, datetime.datetime):
            billed_at = self.billed_at.isoformat()
        else:
            billed_at = self.billed_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_cents": amount_cents,
                "created_at": created_at,
                "currency": currency,
                "id": id,
                "status": status,
                "type": type_,
            }
        )
        if billed_at is not UNSET:
            field_dict["billed_at"] = billed_at
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        id = UUID(d.pop("id"))

        status = d.pop("status")

        type_ = d.pop("type")

        def _parse_billed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                billed_at_type_0 = datetime.datetime.fromisoformat(data)

                return billed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        billed_at = _parse_billed_at(d.pop("billed_at", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        charge_dto = cls(
            amount_cents=amount_cents,
            created_at=created_at,
            currency=currency,
            id=id,
            status=status,
            type_=type_,
            billed_at=billed_at,
            description=description,
        )

        charge_dto.additional_properties = d
        return charge_dto

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
