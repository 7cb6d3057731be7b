from enum import StrEnum


class VendorProductsApiV1VendorProductsGetClassificationType0(StrEnum):
    BALANCED = "balanced"
    CBD = "cbd"
    HEMP = "hemp"
    HYBRID = "hybrid"
    INDICA = "indica"
    SATIVA = "sativa"

    def __str__(self) -> str:
        return str(self.value)
