from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="WishlistItemIn")


@_attrs_define
class WishlistItemIn:
    """
    Attributes:
        product_id (UUID):
    """

    product_id: UUID

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "product_id": product_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        wishlist_item_in = cls(
            product_id=product_id,
        )

        return wishlist_item_in
