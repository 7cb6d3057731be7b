from enum import StrEnum


class SwitchOutStoreType(StrEnum):
    BUYER = "buyer"
    VENDOR = "vendor"

    def __str__(self) -> str:
        return str(self.value)
