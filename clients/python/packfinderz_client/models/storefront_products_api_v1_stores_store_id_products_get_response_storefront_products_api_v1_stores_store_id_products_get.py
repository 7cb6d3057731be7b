from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.product_list_dto import ProductListDTO


T = TypeVar(
    "T",
    bound="StorefrontProductsApiV1StoresStoreIdProductsGetResponseStorefrontProductsApiV1StoresStoreIdProductsGet",
)


@_attrs_define
class StorefrontProductsApiV1StoresStoreIdProductsGetResponseStorefrontProductsApiV1StoresStoreIdProductsGet:
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

        storefront_products_api_v1_stores_store_id_products_get_response_storefront_products_api_v1_stores_store_id_products_get = cls(
            data=data,
        )

        return storefront_products_api_v1_stores_store_id_products_get_response_storefront_products_api_v1_stores_store_id_products_get
