from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cart_item_view import CartItemView
    from ..models.cart_quote_billing_address_type_0 import CartQuoteBillingAddressType0
    from ..models.cart_quote_shipping_address_type_0 import CartQuoteShippingAddressType0
    from ..models.vendor_group_view import VendorGroupView


T = TypeVar("T", bound="CartQuote")


@_attrs_define
class CartQuote:
    """
    Attributes:
        ad_tokens (list[str]):
        buyer_store_id (UUID):
        created_at (datetime.datetime):
        currency (str):
        discounts_cents (int):
        id (UUID):
        items (list[CartItemView]):
        status (str):
        subtotal_cents (int):
        tip_cents (int):
        total_cents (int):
        updated_at (datetime.datetime):
        valid_until (datetime.datetime):
        vendor_groups (list[VendorGroupView]):
        billing_address (CartQuoteBillingAddressType0 | None | Unset):
        checkout_group_id (None | Unset | UUID):
        shipping_address (CartQuoteShippingAddressType0 | None | Unset):
    """

    ad_tokens: list[str]
    buyer_store_id: UUID
    created_at: datetime.datetime
    currency: str
    discounts_cents: int
    id: UUID
    items: list[CartItemView]
    status: str
    subtotal_cents: int
    tip_cents: int
    total_cents: int
    updated_at: datetime.datetime
    valid_until: datetime.datetime
    vendor_groups: list[VendorGroupView]
    billing_address: CartQuoteBillingAddressType0 | None | Unset = UNSET
    checkout_group_id: None | Unset | UUID = UNSET
    shipping_address: CartQuoteShippingAddressType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cart_quote_billing_address_type_0 import CartQuoteBillingAddressType0  # noqa: PLC0415
        from ..models.cart_quote_shipping_address_type_0 import CartQuoteShippingAddressType0  # noqa: PLC0415

        ad_tokens = self.ad_tokens

        buyer_store_id = str(self.buyer_store_id)

        created_at = self.created_at.isoformat()

        currency = self.currency

        discounts_cents = self.discounts_cents

        id = str(self.id)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        status = self.status

        subtotal_cents = self.subtotal_cents

        tip_cents = self.tip_cents

        total_cents = self.total_cents

        updated_at = self.updated_at.isoformat()

        valid_until = self.valid_until.isoformat()

        vendor_groups = []
        for vendor_groups_item_data in self.vendor_groups:
            vendor_groups_item = vendor_groups_item_data.to_dict()
            vendor_groups.append(vendor_groups_item)

        billing_address: dict[str, Any] | None | Unset
        if isinstance(self.billing_address, Unset):
            billing_address = UNSET
        elif isinstance(self.billing_address, CartQuoteBillingAddressType0):
            billing_address = self.billing_address.to_dict()
        else:
            billing_address = self.billing_address

        checkout_group_id: None | str | Unset
        if isinstance(self.checkout_group_id, Unset):
            checkout_group_id = UNSET
        elif isinstance(self.checkout_group_id, UUID):
            checkout_group_id = str(self.checkout_group_id)
        else:
            checkout_group_id = self.checkout_group_id

        shipping_address: dict[str, Any] | None | Unset
        if isinstance(self.shipping_address, Unset):
            shipping_address = UNSET
        elif isinstance(self.shipping_address, CartQuoteShippingAddressType0):
            shipping_address = self.shipping_address.to_dict()
        else:
            shipping_address = self.shipping_address

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ad_tokens": ad_tokens,
                "buyer_store_id": buyer_store_id,
                "created_at": created_at,
                "currency": currency,
                "discounts_cents": discounts_cents,
                "id": id,
                "items": items,
                "status": status,
                "subtotal_cents": subtotal_cents,
                "tip_cents": tip_cents,
                "total_cents": total_cents,
                "updated_at": updated_at,
                "valid_until": valid_until,
                "vendor_groups": vendor_groups,
            }
        )
        if billing_address is not UNSET:
            field_dict["billing_address"] = billing_address
        if checkout_group_id is not UNSET:
            field_dict["checkout_group_id"] = checkout_group_id
        if shipping_address is not UNSET:
            field_dict["shipping_address"] = shipping_address

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_item_view import CartItemView  # noqa: PLC0415
        from ..models.cart_quote_billing_address_type_0 import CartQuoteBillingAddressType0  # noqa: PLC0415
        from ..models.cart_quote_shipping_address_type_0 import CartQuoteShippingAddressType0  # noqa: PLC0415
        from ..models.vendor_group_view import VendorGroupView  # noqa: PLC0415

        d = dict(src_dict)
        ad_tokens = cast(list[str], d.pop("ad_tokens"))

        buyer_store_id = UUID(d.pop("buyer_store_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency = d.pop("currency")

        discounts_cents = d.pop("discounts_cents")

        id = UUID(d.pop("id"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CartItemView.from_dict(items_item_data)

            items.append(items_item)

        status = d.pop("status")

        subtotal_cents = d.pop("subtotal_cents")

        tip_cents = d.pop("tip_cents")

        total_cents = d.pop("total_cents")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        valid_until = datetime.datetime.fromisoformat(d.pop("valid_until"))

        vendor_groups = []
        _vendor_groups = d.pop("vendor_groups")
        for vendor_groups_item_data in _vendor_groups:
            vendor_groups_item = VendorGroupView.from_dict(vendor_groups_item_data)

            vendor_groups.append(vendor_groups_item)

        def _parse_billing_address(data: object) -> CartQuoteBillingAddressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                billing_address_type_0 = CartQuoteBillingAddressType0.from_dict(data)

                return billing_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CartQuoteBillingAddressType0 | None | Unset, data)

        billing_address = _parse_billing_address(d.pop("billing_address", UNSET))

        def _parse_checkout_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checkout_group_id_type_0 = UUID(data)

                return checkout_group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        checkout_group_id = _parse_checkout_group_id(d.pop("checkout_group_id", UNSET))

        def _parse_shipping_address(data: object) -> CartQuoteShippingAddressType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_address_type_0 = CartQuoteShippingAddressType0.from_dict(data)

                return shipping_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CartQuoteShippingAddressType0 | None | Unset, data)

        shipping_address = _parse_shipping_address(d.pop("shipping_address", UNSET))

        cart_quote = cls(
            ad_tokens=ad_tokens,
            buyer_store_id=buyer_store_id,
            created_at=created_at,
            currency=currency,
            discounts_cents=discounts_cents,
            id=id,
            items=items,
            status=status,
            subtotal_cents=subtotal_cents,
            tip_cents=tip_cents,
            total_cents=total_cents,
            updated_at=updated_at,
            valid_until=valid_until,
            vendor_groups=vendor_groups,
            billing_address=billing_address,
            checkout_group_id=checkout_group_id,
            shipping_address=shipping_address,
        )

        cart_quote.additional_properties = d
        return cart_quote

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
