from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="InventoryPatchIn")


@_attrs_define
class InventoryPatchIn:
    """
    Attributes:
        available_qty (int | None | Unset):
        low_stock_threshold (int | None | Unset):
    """

    available_qty: int | None | Unset = UNSET
    low_stock_threshold: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        available_qty: int | None | Unset
        if isinstance(self.available_qty, Unset):
            available_qty = UNSET
        else:
            available_qty = self.available_qty

        low_stock_threshold: int | None | Unset
        if isinstance(self.low_stock_threshold, Unset):
            low_stock_threshold = UNSET
        else:
            low_stock_threshold = self.low_stock_threshold

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if available_qty is not UNSET:
            field_dict["available_qty"] = available_qty
        if low_stock_threshold is not UNSET:
            field_dict["low_stock_threshold"] = low_stock_threshold

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_available_qty(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        available_qty = _parse_available_qty(d.pop("available_qty", UNSET))

        def _parse_low_stock_threshold(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        low_stock_threshold = _parse_low_stock_threshold(d.pop("low_stock_threshold", UNSET))

        inventory_patch_in = cls(
            available_qty=available_qty,
            low_stock_threshold=low_stock_threshold,
        )

        return inventory_patch_in
