from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.confirmation_vendor_order import ConfirmationVendorOrder
    from ..models.vendor_group_view import VendorGroupView


T = TypeVar("T", bound="ConfirmationView")


@_attrs_define
class ConfirmationView:
    """
    Attributes:
        cart_id (UUID):
        checkout_group_id (UUID):
        vendor_groups (list[VendorGroupView]):
        vendor_orders (list[ConfirmationVendorOrder]):
    """

    cart_id: UUID
    checkout_group_id: UUID
    vendor_groups: list[VendorGroupView]
    vendor_orders: list[ConfirmationVendorOrder]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cart_id = str(self.cart_id)

        checkout_group_id = str(self.checkout_group_id)

        vendor_groups = []
        for vendor_groups_item_data in self.vendor_groups:
            vendor_groups_item = vendor_groups_item_data.to_dict()
            vendor_groups.append(vendor_groups_item)

        vendor_orders = []
        for vendor_orders_item_data in self.vendor_orders:
            vendor_orders_item = vendor_orders_item_data.to_dict()
            vendor_orders.append(vendor_orders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cart_id": cart_id,
                "checkout_group_id": checkout_group_id,
                "vendor_groups": vendor_groups,
                "vendor_orders": vendor_orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.confirmation_vendor_order import ConfirmationVendorOrder  # noqa: PLC0415
        from ..models.vendor_group_view import VendorGroupView  # noqa: PLC0415

        d = dict(src_dict)
        cart_id = UUID(d.pop("cart_id"))

        checkout_group_id = UUID(d.pop("checkout_group_id"))

        vendor_groups = []
        _vendor_groups = d.pop("vendor_groups")
        for vendor_groups_item_data in _vendor_groups:
            vendor_groups_item = VendorGroupView.from_dict(vendor_groups_item_data)

            vendor_groups.append(vendor_groups_item)

        vendor_orders = []
        _vendor_orders = d.pop("vendor_orders")
        for vendor_orders_item_data in _vendor_orders:
            vendor_orders_item = ConfirmationVendorOrder.from_dict(vendor_orders_item_data)

            vendor_orders.append(vendor_orders_item)

        confirmation_view = cls(
            cart_id=cart_id,
            checkout_group_id=checkout_group_id,
            vendor_groups=vendor_groups,
            vendor_orders=vendor_orders,
        )

        confirmation_view.additional_properties = d
        return confirmation_view

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
