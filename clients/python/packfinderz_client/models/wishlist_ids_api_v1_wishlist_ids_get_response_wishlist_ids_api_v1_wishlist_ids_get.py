from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.wishlist_ids_page import WishlistIdsPage


T = TypeVar("T", bound="WishlistIdsApiV1WishlistIdsGetResponseWishlistIdsApiV1WishlistIdsGet")


@_attrs_define
class WishlistIdsApiV1WishlistIdsGetResponseWishlistIdsApiV1WishlistIdsGet:
    """
    Attributes:
        data (WishlistIdsPage):
    """

    data: WishlistIdsPage

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
        from ..models.wishlist_ids_page import WishlistIdsPage  # noqa: PLC0415

        d = dict(src_dict)
        data = WishlistIdsPage.from_dict(d.pop("data"))

        wishlist_ids_api_v1_wishlist_ids_get_response_wishlist_ids_api_v1_wishlist_ids_get = cls(
            data=data,
        )

        return wishlist_ids_api_v1_wishlist_ids_get_response_wishlist_ids_api_v1_wishlist_ids_get
