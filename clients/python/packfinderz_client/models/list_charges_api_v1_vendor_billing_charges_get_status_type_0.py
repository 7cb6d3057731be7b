from enum import StrEnum


class ListChargesApiV1VendorBillingChargesGetStatusType0(StrEnum):
    FAILED = "failed"
    PENDING = "pending"
    REFUNDED = "refunded"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
