from enum import StrEnum


class ProductPatchInCategory(StrEnum):
    ACCESSORY = "accessory"
    BEVERAGE = "beverage"
    CART = "cart"
    CONCENTRATE = "concentrate"
    EDIBLE = "edible"
    FLOWER = "flower"
    PRE_ROLL = "pre_roll"
    SEED = "seed"
    SEEDLING = "seedling"
    TINCTURE = "tincture"
    TOPICAL = "topical"
    VAPE = "vape"

    def __str__(self) -> str:
        return str(self.value)
