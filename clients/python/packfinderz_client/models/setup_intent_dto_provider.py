from enum import StrEnum


class SetupIntentDTOProvider(StrEnum):
    LOCAL = "local"
    STRIPE = "stripe"

    def __str__(self) -> str:
        return str(self.value)
