from enum import StrEnum


class ProductPatchInUnit(StrEnum):
    EIGHTH = "eighth"
    GRAM = "gram"
    OUNCE = "ounce"
    POUND = "pound"
    SIXTEENTH = "sixteenth"
    UNIT = "unit"

    def __str__(self) -> str:
        return str(self.value)
