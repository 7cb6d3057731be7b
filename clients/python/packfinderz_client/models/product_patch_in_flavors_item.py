from enum import StrEnum


class ProductPatchInFlavorsItem(StrEnum):
    CHEESE = "cheese"
    CITRUS = "citrus"
    DIESEL = "diesel"
    EARTHY = "earthy"
    FLORAL = "floral"
    FRUITY = "fruity"
    HERBAL = "herbal"
    PINE = "pine"
    SPICY = "spicy"
    SWEET = "sweet"

    def __str__(self) -> str:
        return str(self.value)
