from enum import StrEnum


class LicenseInType(StrEnum):
    DISPENSARY = "dispensary"
    GROWER = "grower"
    MERCHANT = "merchant"
    PRODUCER = "producer"

    def __str__(self) -> str:
        return str(self.value)
