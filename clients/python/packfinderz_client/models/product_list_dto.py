from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.facets_dto import FacetsDTO
    from ..models.pagination_dto import PaginationDTO
    from ..models.product_summary_dto import ProductSummaryDTO


T = TypeVar("T", bound="ProductListDTO")


@_attrs_define
class ProductListDTO:
    """
    Attributes:
        facets (FacetsDTO):
        pagination (PaginationDTO): The ``pagination`` object in a response schema (what :class:`PageInfo` serialises
            to).
        products (list[ProductSummaryDTO]):
    """

    facets: FacetsDTO
    pagination: PaginationDTO
    products: list[ProductSummaryDTO]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        facets = self.facets.to_dict()

        pagination = self.pagination.to_dict()

        products = []
        for products_item_data in self.products:
            products_item = products_item_data.to_dict()
            products.append(products_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "facets": facets,
                "pagination": pagination,
                "products": products,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.facets_dto import FacetsDTO  # noqa: PLC0415
        from ..models.pagination_dto import PaginationDTO  # noqa: PLC0415
        from ..models.product_summary_dto import ProductSummaryDTO  # noqa: PLC0415

        d = dict(src_dict)
        facets = FacetsDTO.from_dict(d.pop("facets"))

        pagination = PaginationDTO.from_dict(d.pop("pagination"))

        products = []
        _products = d.pop("products")
        for products_item_data in _products:
            products_item = ProductSummaryDTO.from_dict(products_item_data)

            products.append(products_item)

        product_list_dto = cls(
            facets=facets,
            pagination=pagination,
            products=products,
        )

        product_list_dto.additional_properties = d
        return product_list_dto

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
