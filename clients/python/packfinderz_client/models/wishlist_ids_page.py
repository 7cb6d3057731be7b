from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pagination_dto import PaginationDTO


T = TypeVar("T", bound="WishlistIdsPage")


@_attrs_define
class WishlistIdsPage:
    """
    Attributes:
        pagination (PaginationDTO): The ``pagination`` object in a response schema (what :class:`PageInfo` serialises
            to).
        product_ids (list[UUID]):
    """

    pagination: PaginationDTO
    product_ids: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pagination = self.pagination.to_dict()

        product_ids = []
        for product_ids_item_data in self.product_ids:
            product_ids_item = str(product_ids_item_data)
            product_ids.append(product_ids_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pagination": pagination,
                "product_ids": product_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pagination_dto import PaginationDTO  # noqa: PLC0415

        d = dict(src_dict)
        pagination = PaginationDTO.from_dict(d.pop("pagination"))

        product_ids = []
        _product_ids = d.pop("product_ids")
        for product_ids_item_data in _product_ids:
            product_ids_item = UUID(product_ids_item_data)

            product_ids.append(product_ids_item)

        wishlist_ids_page = cls(
            pagination=pagination,
            product_ids=product_ids,
        )

        wishlist_ids_page.additional_properties = d
        return wishlist_ids_page

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
