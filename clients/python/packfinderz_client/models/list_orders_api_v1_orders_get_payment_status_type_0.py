from enum import StrEnum


class ListOrdersApiV1OrdersGetPaymentStatusType0(StrEnum):
    FAILED = "failed"
    PAID = "paid"
    PENDING = "pending"
    REJECTED = "rejected"
    SETTLED = "settled"
    UNPAID = "unpaid"

    def __str__(self) -> str:
        return str(self.value)
