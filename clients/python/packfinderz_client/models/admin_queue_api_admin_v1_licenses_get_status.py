from enum import StrEnum


class AdminQueueApiAdminV1LicensesGetStatus(StrEnum):
    EXPIRED = "expired"
    PENDING = "pending"
    REJECTED = "rejected"
    VERIFIED = "verified"

    def __str__(self) -> str:
        return str(self.value)
