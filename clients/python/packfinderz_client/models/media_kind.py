from enum import StrEnum


class MediaKind(StrEnum):
    ADS = "ads"
    COA = "coa"
    LICENSE_DOC = "license_doc"
    MANIFEST = "manifest"
    OTHER = "other"
    PDF = "pdf"
    PRODUCT = "product"
    STORE = "store"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
