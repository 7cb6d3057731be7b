from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.product_dto import ProductDTO


T = TypeVar(
    "T",
    bound="UpdateProductApiV1VendorProductsProductIdPatchResponseUpdateProductApiV1VendorProductsProductIdPatch",
)


@_attrs_define
class UpdateProductApiV1VendorProductsProductIdPatchResponseUpdateProductApiV1VendorProductsProductIdPatch:
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

        update_product_api_v1_vendor_products_product_id_patch_response_update_product_api_v1_vendor_products_product_id_patch = cls(
            data=data,
        )

        return update_product_api_v1_vendor_products_product_id_patch_response_update_product_api_v1_vendor_products_product_id_patch
