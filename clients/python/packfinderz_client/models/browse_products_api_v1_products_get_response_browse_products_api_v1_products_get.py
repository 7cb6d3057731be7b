from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.product_list_dto import ProductListDTO


T = TypeVar("T", bound="BrowseProductsApiV1ProductsGetResponseBrowseProductsApiV1ProductsGet")


@_attrs_define
class BrowseProductsApiV1ProductsGetResponseBrowseProductsApiV1ProductsGet:
    """
    Attributes:
        data (ProductListDTO):
    """

    data: ProductListDTO

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
        from ..models.product_list_dto import ProductListDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = ProductListDTO.from_dict(d.pop("data"))

        browse_products_api_v1_products_get_response_browse_products_api_v1_products_get = cls(
            data=data,
        )

        return browse_products_api_v1_products_get_response_browse_products_api_v1_products_get
