from enum import StrEnum


class ListOrdersApiV1OrdersGetFulfillmentStatusType0(StrEnum):
    FULFILLED = "fulfilled"
    PARTIAL = "partial"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
