from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.inventory_row_dto import InventoryRowDTO


T = TypeVar("T", bound="SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut")


@_attrs_define
class SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut:
    """
    Attributes:
        data (InventoryRowDTO):
    """

    data: InventoryRowDTO

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
        from ..models.inventory_row_dto import InventoryRowDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = InventoryRowDTO.from_dict(d.pop("data"))

        set_inventory_api_v1_inventory_product_id_put_response_set_inventory_api_v1_inventory_product_id_put = cls(
            data=data,
        )

        return set_inventory_api_v1_inventory_product_id_put_response_set_inventory_api_v1_inventory_product_id_put
