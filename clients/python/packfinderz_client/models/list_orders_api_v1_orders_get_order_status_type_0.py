from enum import StrEnum


class ListOrdersApiV1OrdersGetOrderStatusType0(StrEnum):
    ACCEPTED = "accepted"
    CANCELED = "canceled"
    CLOSED = "closed"
    CREATED_PENDING = "created_pending"
    DELIVERED = "delivered"
    EXPIRED = "expired"
    FULFILLED = "fulfilled"
    HOLD = "hold"
    HOLD_FOR_PICKUP = "hold_for_pickup"
    IN_TRANSIT = "in_transit"
    PARTIALLY_ACCEPTED = "partially_accepted"
    READY_FOR_DISPATCH = "ready_for_dispatch"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
