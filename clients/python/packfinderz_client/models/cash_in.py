from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CashIn")


@_attrs_define
class CashIn:
    """
    Attributes:
        amount_cents (int):
    """

    amount_cents: int

    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_cents": amount_cents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        cash_in = cls(
            amount_cents=amount_cents,
        )

        return cash_in
