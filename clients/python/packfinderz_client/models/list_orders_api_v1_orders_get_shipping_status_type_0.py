from enum import StrEnum


class ListOrdersApiV1OrdersGetShippingStatusType0(StrEnum):
    DELIVERED = "delivered"
    DISPATCHED = "dispatched"
    IN_TRANSIT = "in_transit"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
