from enum import StrEnum


class CoaUploadMimeType(StrEnum):
    APPLICATIONPDF = "application/pdf"

    def __str__(self) -> str:
        return str(self.value)
