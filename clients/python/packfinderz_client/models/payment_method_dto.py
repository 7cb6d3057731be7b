from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentMethodDTO")


@_attrs_define
class PaymentMethodDTO:
    """
    Attributes:
        card_brand (None | str):
        card_exp_month (int | None):
        card_exp_year (int | None):
        card_last4 (None | str):
        created_at (datetime.datetime):
        id (UUID):
        is_default (bool):
    """

    card_brand: None | str
    card_exp_month: int | None
    card_exp_year: int | None
    card_last4: None | str
    created_at: datetime.datetime
    id: UUID
    is_default: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        card_brand: None | str
        card_brand = self.card_brand

        card_exp_month: int | None
        card_exp_month = self.card_exp_month

        card_exp_year: int | None
        card_exp_year = self.card_exp_year

        card_last4: None | str
        card_last4 = self.card_last4

        created_at = self.created_at.isoformat()

        id = str(self.id)

        is_default = self.is_default

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "card_brand": card_brand,
                "card_exp_month": card_exp_month,
                "card_exp_year": card_exp_year,
                "card_last4": card_last4,
                "created_at": created_at,
                "id": id,
                "is_default": is_default,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_card_brand(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        card_brand = _parse_card_brand(d.pop("card_brand"))

        def _parse_card_exp_month(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        card_exp_month = _parse_card_exp_month(d.pop("card_exp_month"))

        def _parse_card_exp_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        card_exp_year = _parse_card_exp_year(d.pop("card_exp_year"))

        def _parse_card_last4(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        card_last4 = _parse_card_last4(d.pop("card_last4"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        is_default = d.pop("is_default")

        payment_method_dto = cls(
            card_brand=card_brand,
            card_exp_month=card_exp_month,
            card_exp_year=card_exp_year,
            card_last4=card_last4,
            created_at=created_at,
            id=id,
            is_default=is_default,
        )

        payment_method_dto.additional_properties = d
        return payment_method_dto

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
