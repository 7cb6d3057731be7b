from enum import StrEnum


class OtherUploadMimeType(StrEnum):
    APPLICATIONPDF = "application/pdf"
    IMAGEGIF = "image/gif"
    IMAGEJPEG = "image/jpeg"
    IMAGEPNG = "image/png"
    IMAGEWEBP = "image/webp"
    VIDEOMP4 = "video/mp4"
    VIDEOWEBM = "video/webm"

    def __str__(self) -> str:
        return str(self.value)
