from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.product_dto import ProductDTO


T = TypeVar("T", bound="GetProductApiV1ProductsProductIdGetResponseGetProductApiV1ProductsProductIdGet")


@_attrs_define
class GetProductApiV1ProductsProductIdGetResponseGetProductApiV1ProductsProductIdGet:
    """
    Attributes:
        data (ProductDTO):
    """

    data: ProductDTO

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
        from ..models.product_dto import ProductDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = ProductDTO.from_dict(d.pop("data"))

        get_product_api_v1_products_product_id_get_response_get_product_api_v1_products_product_id_get = cls(
            data=data,
        )

        return get_product_api_v1_products_product_id_get_response_get_product_api_v1_products_product_id_get
