from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AddToWishlistApiV1WishlistItemsPostResponseAddToWishlistApiV1WishlistItemsPost")


@_attrs_define
class AddToWishlistApiV1WishlistItemsPostResponseAddToWishlistApiV1WishlistItemsPost:
    """
    Attributes:
        data (Any):
    """

    data: Any

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        add_to_wishlist_api_v1_wishlist_items_post_response_add_to_wishlist_api_v1_wishlist_items_post = cls(
            data=data,
        )

        return add_to_wishlist_api_v1_wishlist_items_post_response_add_to_wishlist_api_v1_wishlist_items_post
