from enum import StrEnum


class StorefrontProductsApiV1StoresStoreIdProductsGetSortType0(StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RELEVANCE = "relevance"
    THC_ASC = "thc_asc"
    THC_DESC = "thc_desc"

    def __str__(self) -> str:
        return str(self.value)
