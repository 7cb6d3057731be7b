from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.checkout_in_payment_method import CheckoutInPaymentMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn
    from ..models.shipping_line_in import ShippingLineIn


T = TypeVar("T", bound="CheckoutIn")


@_attrs_define
class CheckoutIn:
    """
    Attributes:
        cart_id (UUID):
        payment_method (CheckoutInPaymentMethod):
        shipping_address (AddressIn): DOMAIN §2 Address as a request accepts it (state and country upper-cased; lat/lng
            required).
        billing_address (AddressIn | None | Unset):
        shipping_line (None | ShippingLineIn | Unset):
        tip_cents (int | Unset):  Default: 0.
    """

    cart_id: UUID
    payment_method: CheckoutInPaymentMethod
    shipping_address: AddressIn
    billing_address: AddressIn | None | Unset = UNSET
    shipping_line: None | ShippingLineIn | Unset = UNSET
    tip_cents: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.shipping_line_in import ShippingLineIn  # noqa: PLC0415

        cart_id = str(self.cart_id)

        payment_method = self.payment_method.value

        shipping_address = self.shipping_address.to_dict()

        billing_address: dict[str, Any] | None | Unset
        if isinstance(self.billing_address, Unset):
            billing_address = UNSET
        elif isinstance(self.billing_address, AddressIn):
            billing_address = self.billing_address.to_dict()
        else:
            billing_address = self.billing_address

        shipping_line: dict[str, Any] | None | Unset
        if isinstance(self.shipping_line, Unset):
            shipping_line = UNSET
        elif isinstance(self.shipping_line, ShippingLineIn):
            shipping_line = self.shipping_line.to_dict()
        else:
            shipping_line = self.shipping_line

        tip_cents = self.tip_cents

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "cart_id": cart_id,
                "payment_method": payment_method,
                "shipping_address": shipping_address,
            }
        )
        if billing_address is not UNSET:
            field_dict["billing_address"] = billing_address
        if shipping_line is not UNSET:
            field_dict["shipping_line"] = shipping_line
        if tip_cents is not UNSET:
            field_dict["tip_cents"] = tip_cents

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415
        from ..models.shipping_line_in import ShippingLineIn  # noqa: PLC0415

        d = dict(src_dict)
        cart_id = UUID(d.pop("cart_id"))

        payment_method = CheckoutInPaymentMethod(d.pop("payment_method"))

        shipping_address = AddressIn.from_dict(d.pop("shipping_address"))

        def _parse_billing_address(data: object) -> AddressIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                billing_address_type_0 = AddressIn.from_dict(data)

                return billing_address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddressIn | None | Unset, data)

        billing_address = _parse_billing_address(d.pop("billing_address", UNSET))

        def _parse_shipping_line(data: object) -> None | ShippingLineIn | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                shipping_line_type_0 = ShippingLineIn.from_dict(data)

                return shipping_line_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ShippingLineIn | Unset, data)

        shipping_line = _parse_shipping_line(d.pop("shipping_line", UNSET))

        tip_cents = d.pop("tip_cents", UNSET)

        checkout_in = cls(
            cart_id=cart_id,
            payment_method=payment_method,
            shipping_address=shipping_address,
            billing_address=billing_address,
            shipping_line=shipping_line,
            tip_cents=tip_cents,
        )

        return checkout_in
