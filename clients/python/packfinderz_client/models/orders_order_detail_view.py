from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_line_view import OrderLineView
    from ..models.order_store_summary import OrderStoreSummary
    from ..models.orders_assignment_view import OrdersAssignmentView
    from ..models.orders_order_detail_order import OrdersOrderDetailOrder
    from ..models.orders_payment_intent_view import OrdersPaymentIntentView


T = TypeVar("T", bound="OrdersOrderDetailView")


@_attrs_define
class OrdersOrderDetailView:
    """
    Attributes:
        buyer_store (OrderStoreSummary):
        line_items (list[OrderLineView]):
        order (OrdersOrderDetailOrder): OrderDetail's ``order``: OrderSummary plus its money, checkout group, address
            and notes.
        vendor_store (OrderStoreSummary):
        active_assignment (None | OrdersAssignmentView | Unset):
        payment_intent (None | OrdersPaymentIntentView | Unset):
    """

    buyer_store: OrderStoreSummary
    line_items: list[OrderLineView]
    order: OrdersOrderDetailOrder
    vendor_store: OrderStoreSummary
    active_assignment: None | OrdersAssignmentView | Unset = UNSET
    payment_intent: None | OrdersPaymentIntentView | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.orders_assignment_view import OrdersAssignmentView  # noqa: PLC0415
        from ..models.orders_payment_intent_view import OrdersPaymentIntentView  # noqa: PLC0415

        buyer_store = self.buyer_store.to_dict()

        line_items = []
        for line_items_item_data in self.line_items:
            line_items_item = line_items_item_data.to_dict()
            line_items.append(line_items_item)

        order = self.order.to_dict()

        vendor_store = self.vendor_store.to_dict()

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyer_store": buyer_store,
                "line_items": line_items,
                "order": order,
                "vendor_store": vendor_store,
            }
        )
        if active_assignment is not UNSET:
            field_dict["active_assignment"] = active_assignment
        if payment_intent is not UNSET:
            field_dict["payment_intent"] = payment_intent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_line_view import OrderLineView  # noqa: PLC0415
        from ..models.order_store_summary import OrderStoreSummary  # noqa: PLC0415
        from ..models.orders_assignment_view import OrdersAssignmentView  # noqa: PLC0415
        from ..models.orders_order_detail_order import OrdersOrderDetailOrder  # noqa: PLC0415
        from ..models.orders_payment_intent_view import OrdersPaymentIntentView  # noqa: PLC0415

        d = dict(src_dict)
        buyer_store = OrderStoreSummary.from_dict(d.pop("buyer_store"))

        line_items = []
        _line_items = d.pop("line_items")
        for line_items_item_data in _line_items:
            line_items_item = OrderLineView.from_dict(line_items_item_data)

            line_items.append(line_items_item)

        order = OrdersOrderDetailOrder.from_dict(d.pop("order"))

        vendor_store = OrderStoreSummary.from_dict(d.pop("vendor_store"))

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

        orders_order_detail_view = cls(
            buyer_store=buyer_store,
            line_items=line_items,
            order=order,
            vendor_store=vendor_store,
            active_assignment=active_assignment,
            payment_intent=payment_intent,
        )

        orders_order_detail_view.additional_properties = d
        return orders_order_detail_view

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
