from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.cart_quote import CartQuote


T = TypeVar("T", bound="QuoteApiV1CartPostResponseQuoteApiV1CartPost")


@_attrs_define
class QuoteApiV1CartPostResponseQuoteApiV1CartPost:
    """
    Attributes:
        data (CartQuote):
    """

    data: CartQuote

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_quote import CartQuote  # noqa: PLC0415

        d = dict(src_dict)
        data = CartQuote.from_dict(d.pop("data"))

        quote_api_v1_cart_post_response_quote_api_v1_cart_post = cls(
            data=data,
        )

        return quote_api_v1_cart_post_response_quote_api_v1_cart_post
