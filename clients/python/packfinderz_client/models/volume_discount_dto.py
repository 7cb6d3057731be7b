from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VolumeDiscountDTO")


@_attrs_define
class VolumeDiscountDTO:
    """
    Attributes:
        created_at (datetime.datetime):
        discount_percent (float):
        id (UUID):
        min_qty (int):
    """

    created_at: datetime.datetime
    discount_percent: float
    id: UUID
    min_qty: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        discount_percent = self.discount_percent

        id = str(self.id)

        min_qty = self.min_qty

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "discount_percent": discount_percent,
                "id": id,
                "min_qty": min_qty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        discount_percent = d.pop("discount_percent")

        id = UUID(d.pop("id"))

        min_qty = d.pop("min_qty")

        volume_discount_dto = cls(
            created_at=created_at,
            discount_percent=discount_percent,
            id=id,
            min_qty=min_qty,
        )

        volume_discount_dto.additional_properties = d
        return volume_discount_dto

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
