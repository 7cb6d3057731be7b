from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkout_result_view_billing_address_type_0 import CheckoutResultViewBillingAddressType0
    from ..models.checkout_result_view_shipping_address_type_0 import CheckoutResultViewShippingAddressType0
    from ..models.checkout_result_view_shipping_line_type_0 import CheckoutResultViewShippingLineType0
    from ..models.checkout_vendor_order import CheckoutVendorOrder
    from ..models.rejected_vendor import RejectedVendor


T = TypeVar("T", bound="CheckoutResultView")


@_attrs_define
class CheckoutResultView:
    """
    Attributes:
        cart_id (UUID):
        checkout_group_id (UUID):
        rejected_vendors (list[RejectedVendor]):
        tip_cents (int):
        vendor_orders (list[CheckoutVendorOrder]):
        billing_address (CheckoutResultViewBillingAddressType0 | None | Unset):
        payment_method (None | str | Unset):
        shipping_address (CheckoutResultViewShippingAddressType0 | None | Unset):
        shipping_line (CheckoutResultViewShippingLineType0 | None | Unset):
    """

    cart_id: UUID
    checkout_group_id: UUID
    rejected_vendors: list[RejectedVendor]
    tip_cents: int
    vendor_orders: list[CheckoutVendorOrder]
    billing_address: CheckoutResultViewBillingAddressType0 | None | Unset = UNSET
    payment_method: None | str | Unset = UNSET
    shipping_address: CheckoutResultViewShippingAddressType0 | None | Unset = UNSET
    shipping_line: CheckoutResultViewShippingLineType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.checkout_result_view_billing_address_type_0 import CheckoutResultViewBillingAddressType0  # noqa: PLC0415
        from ..models.checkout_result_view_shipping_address_type_0 import (
            CheckoutResultViewShippingAddressType0,  # noqa: PLC0415
        )
        from ..models.checkout_result_view_shipping_line_type_0 import CheckoutResultViewShippingLineType0  # noqa: PLC0415

        cart_id = str(self.cart_id)

        checkout_group_id = str(self.checkout_group_id)

        rejected_vendors = []
        for rejected_vendors_item_data in self.rejected_vendors:
            rejected_vendors_item = rejected_vendors_item_data.to_dict()
            rejected_vendors.append(rejected_vendors_item)

        tip_cents = self.tip_cents

        vendor_orders = []
        for vendor_orders_item_data in self.vendor_orders:
            vendor_orders_item = vendor_orders_item_data.to_dict()
            vendor_orders.append(vendor_orders_item)

        billing_address: dict[str, Any] | None | Unset
        if isinstance(self.billing_address, Unset):
            billing_address = UNSET
        elif isinstance(self.billing_address, CheckoutResultViewBillingAddressType0):
            billing_address = self.billing_address.to_dict()
        else:
            billing_address = self.billing_address

        payment_method: None | str | Unset
        if isinstance(self.payment_method, Unset):
            payment_method = UNSET
        else:
            payment_method = self.payment_method

        shipping_address: dict[str, Any] | None | Unset
        if isinstance(self.shipping_address, Unset):
            shipping_address = UNSET
        elif isinstance(self.shipping_address, CheckoutResultViewShippingAddressType0):
            shipping_address = self.shipping_address.to_dict()
        else:
            shipping_address = self.shipping_address

        shipping_line: dict[str, Any] | None | Unset
        if isinstance(self.shipping_line, Unset):
            shipping_line = UNSET
        elif isinstance(self.shipping_line, CheckoutResultViewShippingLineType0):
            shipping_line = self.shipping_line.to_dict()
        else:
            shipping_line = self.shipping_line

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cart_id": cart_id,
                "checkout_group_id": checkout_group_id,
                "rejected_vendors": rejected_vendors,
                "tip_cents": tip_cents,
                "vendor_orders": vendor_orders,
            }
        )
        if billing_address is not UNSET:
            field_dict["billing_address"] = billing_address
        if payment_method is not UNSET:
            field_dict["payment_method"] = payment_method
        if shipping_address is not UNSET:
            field_dict["shipping_address"] = shipping_address
        if shipping_line is not UNSET:
            field_dict["shipping_line"] = shipping_line

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkout_result_view_billing_address_type_0 import CheckoutResultViewBillingAddressType0  # noqa: PLC0415
        from ..models.checkout_result_view_shipping_address_type_0 import (
            CheckoutResultViewShippingAddressType0,  # noqa: PLC0415
        )
        from ..models.checkout_result_view_shipping_line_type_0 import CheckoutResultViewShippingLineType0  # noqa: PLC0415
        from ..models.checkout_vendor_order import CheckoutVendorOrder  # noqa: PLC0415
        from ..models.rejected_vendor import RejectedVendor  # noqa: PLC0415

        d = dict(src_dict)
        cart_id = UUID(d.pop("cart_id"))

        checkout_group_id = UUID(d.pop("checkout_group_id"))

        rejected_vendors = []
        _rejected_vendors = d.pop("rejected_vendors")
        for rejected_vendors_item_data in _rejected_vendors:
            rejected_vendors_item = RejectedVendor.from_dict(rejected_vendors_item_data)

            rejected_vendors.append(rejected_vendors_item)

        tip_cents = d.pop("tip_cents")

        vendor_orders = []
        _vendor_orders = d.pop("vendor_orders")
        for vendor_orders_item_data in _vendor_orders:
            vendor_orders_item = CheckoutVendorOrder.from_dict(vendor_orders_item_data)

            vendor_orders.append(vendor_orders_item)

        def _parse_billing_address(data: object) -> CheckoutResultViewBillingAddressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                billing_address_type_0 = CheckoutResultViewBillingAddressType0.from_dict(data)

                return billing_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CheckoutResultViewBillingAddressType0 | None | Unset, data)

        billing_address = _parse_billing_address(d.pop("billing_address", UNSET))

        def _parse_payment_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method = _parse_payment_method(d.pop("payment_method", UNSET))

        def _parse_shipping_address(data: object) -> CheckoutResultViewShippingAddressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_address_type_0 = CheckoutResultViewShippingAddressType0.from_dict(data)

                return shipping_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CheckoutResultViewShippingAddressType0 | None | Unset, data)

        shipping_address = _parse_shipping_address(d.pop("shipping_address", UNSET))

        def _parse_shipping_line(data: object) -> CheckoutResultViewShippingLineType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_line_type_0 = CheckoutResultViewShippingLineType0.from_dict(data)

                return shipping_line_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CheckoutResultViewShippingLineType0 | None | Unset, data)

        shipping_line = _parse_shipping_line(d.pop("shipping_line", UNSET))

        checkout_result_view = cls(
            cart_id=cart_id,
            checkout_group_id=checkout_group_id,
            rejected_vendors=rejected_vendors,
            tip_cents=tip_cents,
            vendor_orders=vendor_orders,
            billing_address=billing_address,
            payment_method=payment_method,
            shipping_address=shipping_address,
            shipping_line=shipping_line,
        )

        checkout_result_view.additional_properties = d
        return checkout_result_view

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
