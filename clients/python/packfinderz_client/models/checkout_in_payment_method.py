from enum import StrEnum


class CheckoutInPaymentMethod(StrEnum):
    ACH = "ach"
    CASH = "cash"

    def __str__(self) -> str:
        return str(self.value)
