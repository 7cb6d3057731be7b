from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.wishlist_page import WishlistPage


T = TypeVar("T", bound="ListWishlistApiV1WishlistGetResponseListWishlistApiV1WishlistGet")


@_attrs_define
class ListWishlistApiV1WishlistGetResponseListWishlistApiV1WishlistGet:
    """
    Attributes:
        data (WishlistPage):
    """

    data: WishlistPage

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
        from ..models.wishlist_page import WishlistPage  # noqa: PLC0415

        d = dict(src_dict)
        data = WishlistPage.from_dict(d.pop("data"))

        list_wishlist_api_v1_wishlist_get_response_list_wishlist_api_v1_wishlist_get = cls(
            data=data,
        )

        return list_wishlist_api_v1_wishlist_get_response_list_wishlist_api_v1_wishlist_get
