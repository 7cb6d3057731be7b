from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.vendor_history_view import VendorHistoryView


T = TypeVar(
    "T",
    bound="ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet",
)


@_attrs_define
class ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet:
    """
    Attributes:
        data (VendorHistoryView):
    """

    data: VendorHistoryView

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
        from ..models.vendor_history_view import VendorHistoryView  # noqa: PLC0415

        d = dict(src_dict)
        data = VendorHistoryView.from_dict(d.pop("data"))

        list_orders_with_vendor_api_v1_stores_store_id_orders_get_response_list_orders_with_vendor_api_v1_stores_store_id_orders_get = cls(
            data=data,
        )

        return list_orders_with_vendor_api_v1_stores_store_id_orders_get_response_list_orders_with_vendor_api_v1_stores_store_id_orders_get
