from enum import StrEnum


class FinancePaymentIntentViewMethod(StrEnum):
    ACH = "ach"
    CASH = "cash"

    def __str__(self) -> str:
        return str(self.value)
