from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VolumeDiscountIn")


@_attrs_define
class VolumeDiscountIn:
    """
    Attributes:
        discount_percent (float):
        min_qty (int):
    """

    discount_percent: float
    min_qty: int

    def to_dict(self) -> dict[str, Any]:
        discount_percent = self.discount_percent

        min_qty = self.min_qty

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "discount_percent": discount_percent,
                "min_qty": min_qty,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        discount_percent = d.pop("discount_percent")

        min_qty = d.pop("min_qty")

        volume_discount_in = cls(
            discount_percent=discount_percent,
            min_qty=min_qty,
        )

        return volume_discount_in
