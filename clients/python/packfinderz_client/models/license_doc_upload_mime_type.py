from enum import StrEnum


class LicenseDocUploadMimeType(StrEnum):
    APPLICATIONPDF = "application/pdf"
    IMAGEGIF = "image/gif"
    IMAGEJPEG = "image/jpeg"
    IMAGEPNG = "image/png"
    IMAGEWEBP = "image/webp"

    def __str__(self) -> str:
        return str(self.value)
