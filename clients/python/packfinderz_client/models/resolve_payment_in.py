from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ResolvePaymentIn")


@_attrs_define
class ResolvePaymentIn:
    """
    Attributes:
        amount_cents (int): the cash actually received
        reason (str):
    """

    amount_cents: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        amount_cents = self.amount_cents

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount_cents": amount_cents,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        reason = d.pop("reason")

        resolve_payment_in = cls(
            amount_cents=amount_cents,
            reason=reason,
        )

        return resolve_payment_in
