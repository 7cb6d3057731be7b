from enum import StrEnum


class RegisterInStoreType(StrEnum):
    BUYER = "buyer"
    VENDOR = "vendor"

    def __str__(self) -> str:
        return str(self.value)
