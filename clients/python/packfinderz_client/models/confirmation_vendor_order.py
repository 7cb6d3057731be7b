from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.confirmation_vendor_order_promo_type_0 import ConfirmationVendorOrderPromoType0
    from ..models.line_item_view import LineItemView
    from ..models.orders_assignment_view import OrdersAssignmentView
    from ..models.orders_payment_intent_view import OrdersPaymentIntentView
    from ..models.warning import Warning_


T = TypeVar("T", bound="ConfirmationVendorOrder")


@_attrs_define
class ConfirmationVendorOrder:
    """
    Attributes:
        amount_cents (int):
        balance_due_cents (int):
        fulfillment_status (str):
        items (list[LineItemView]):
        order_id (UUID):
        payment_method (str):
        payment_status (str):
        shipping_status (str):
        status (str):
        subtotal_cents (int):
        total_cents (int):
        vendor_store_id (UUID):
        warnings (list[Warning_]):
        active_assignment (None | OrdersAssignmentView | Unset):
        payment_intent (None | OrdersPaymentIntentView | Unset):
        promo (ConfirmationVendorOrderPromoType0 | None | Unset):
    """

    amount_cents: int
    balance_due_cents: int
    fulfillment_status: str
    items: list[LineItemView]
    order_id: UUID
    payment_method: str
    payment_status: str
    shipping_status: str
    status: str
    subtotal_cents: int
    total_cents: int
    vendor_store_id: UUID
    warnings: list[Warning_]
    active_assignment: None | OrdersAssignmentView | Unset = UNSET
    payment_intent: None | OrdersPaymentIntentView | Unset = UNSET
    promo: ConfirmationVendorOrderPromoType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.confirmation_vendor_order_promo_type_0 import ConfirmationVendorOrderPromoType0  # noqa: PLC0415
        from ..models.orders_assignment_view import OrdersAssignmentView  # noqa: PLC0415
        from ..models.orders_payment_intent_view import OrdersPaymentIntentView  # noqa: PLC0415

        amount_cents = self.amount_cents

        balance_due_cents = self.balance_due_cents

        fulfillment_status = self.fulfillment_status

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        order_id = str(self.order_id)

        payment_method = self.payment_method

        payment_status = self.payment_status

        shipping_status = self.shipping_status

        status = self.status

        subtotal_cents = self.subtotal_cents

        total_cents = self.total_cents

        vendor_store_id = str(self.vendor_store_id)

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        active_assignment: dict[str, Any] | None | Unset
        if isinstance(self.active_assignment, Unset):
            active_assignment = UNSET
        elif isinstance(self.active_assignment, OrdersAssignmentView):
            active_assignment = self.active_assignment.to_dict()
        else:
            active_assignment = self.active_assignment

        payment_intent: dict[str, Any] | None | Unset
        if isinstance(self.payment_intent, Unset):
            payment_intent = UNSET
        elif isinstance(self.payment_intent, OrdersPaymentIntentView):
            payment_intent = self.payment_intent.to_dict()
        else:
            payment_intent = self.payment_intent

        promo: dict[str, Any] | None | Unset
        if isinstance(self.promo, Unset):
            promo = UNSET
        elif isinstance(self.promo, ConfirmationVendorOrderPromoType0):
            promo = self.promo.to_dict()
        else:
            promo = self.promo

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_cents": amount_cents,
                "balance_due_cents": balance_due_cents,
                "fulfillment_status": fulfillment_status,
                "items": items,
                "order_id": order_id,
                "payment_method": payment_method,
                "payment_status": payment_status,
                "shipping_status": shipping_status,
                "status": status,
                "subtotal_cents": subtotal_cents,
                "total_cents": total_cents,
                "vendor_store_id": vendor_store_id,
                "warnings": warnings,
            }
        )
        if active_assignment is not UNSET:
            field_dict["active_assignment"] = active_assignment
        if payment_intent is not UNSET:
            field_dict["payment_intent"] = payment_intent
        if promo is not UNSET:
            field_dict["promo"] = promo

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.confirmation_vendor_order_promo_type_0 import ConfirmationVendorOrderPromoType0  # noqa: PLC0415
        from ..models.line_item_view import LineItemView  # noqa: PLC0415
        from ..models.orders_assignment_view import OrdersAssignmentView  # noqa: PLC0415
        from ..models.orders_payment_intent_view import OrdersPaymentIntentView  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        amount_cents = d.pop("amount_cents")

        balance_due_cents = d.pop("balance_due_cents")

        fulfillment_status = d.pop("fulfillment_status")

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LineItemView.from_dict(items_item_data)

            items.append(items_item)

        order_id = UUID(d.pop("order_id"))

        payment_method = d.pop("payment_method")

        payment_status = d.pop("payment_status")

        shipping_status = d.pop("shipping_status")

        status = d.pop("status")

        subtotal_cents = d.pop("subtotal_cents")

        total_cents = d.pop("total_cents")

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        def _parse_active_assignment(data: object) -> None | OrdersAssignmentView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                active_assignment_type_0 = OrdersAssignmentView.from_dict(data)

                return active_assignment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrdersAssignmentView | Unset, data)

        active_assignment = _parse_active_assignment(d.pop("active_assignment", UNSET))

        def _parse_payment_intent(data: object) -> None | OrdersPaymentIntentView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payment_intent_type_0 = OrdersPaymentIntentView.from_dict(data)

                return payment_intent_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrdersPaymentIntentView | Unset, data)

        payment_intent = _parse_payment_intent(d.pop("payment_intent", UNSET))

        def _parse_promo(data: object) -> ConfirmationVendorOrderPromoType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                promo_type_0 = ConfirmationVendorOrderPromoType0.from_dict(data)

                return promo_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConfirmationVendorOrderPromoType0 | None | Unset, data)

        promo = _parse_promo(d.pop("promo", UNSET))

        confirmation_vendor_order = cls(
            amount_cents=amount_cents,
            balance_due_cents=balance_due_cents,
            fulfillment_status=fulfillment_status,
            items=items,
            order_id=order_id,
            payment_method=payment_method,
            payment_status=payment_status,
            shipping_status=shipping_status,
            status=status,
            subtotal_cents=subtotal_cents,
            total_cents=total_cents,
            vendor_store_id=vendor_store_id,
            warnings=warnings,
            active_assignment=active_assignment,
            payment_intent=payment_intent,
            promo=promo,
        )

        confirmation_vendor_order.additional_properties = d
        return confirmation_vendor_order

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
