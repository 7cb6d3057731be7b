from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar(
    "T",
    bound="RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete",
)


@_attrs_define
class RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete:
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

        remove_from_wishlist_api_v1_wishlist_items_product_id_delete_response_remove_from_wishlist_api_v1_wishlist_items_product_id_delete = cls(
            data=data,
        )

        return remove_from_wishlist_api_v1_wishlist_items_product_id_delete_response_remove_from_wishlist_api_v1_wishlist_items_product_id_delete
