from enum import StrEnum


class ManifestUploadMimeType(StrEnum):
    APPLICATIONPDF = "application/pdf"

    def __str__(self) -> str:
        return str(self.value)
