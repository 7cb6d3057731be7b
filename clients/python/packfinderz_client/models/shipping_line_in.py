from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ShippingLineIn")


@_attrs_define
class ShippingLineIn:
    """
    Attributes:
        code (str):
        price_cents (int):
        title (str):
    """

    code: str
    price_cents: int
    title: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        price_cents = self.price_cents

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "price_cents": price_cents,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        price_cents = d.pop("price_cents")

        title = d.pop("title")

        shipping_line_in = cls(
            code=code,
            price_cents=price_cents,
            title=title,
        )

        return shipping_line_in
