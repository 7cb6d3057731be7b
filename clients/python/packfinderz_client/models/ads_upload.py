from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.ads_upload_mime_type import AdsUploadMimeType

T = TypeVar("T", bound="AdsUpload")


@_attrs_define
class AdsUpload:
    """
    Attributes:
        file_name (str):
        media_kind (Literal['ads']):
        mime_type (AdsUploadMimeType):
        size_bytes (int):
    """

    file_name: str
    media_kind: Literal["ads"]
    mime_type: AdsUploadMimeType
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        file_name = self.file_name

        media_kind = self.media_kind

        mime_type = self.mime_type.value

        size_bytes = self.size_bytes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "file_name": file_name,
                "media_kind": media_kind,
                "mime_type": mime_type,
                "size_bytes": size_bytes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_name = d.pop("file_name")

        media_kind = cast(Literal["ads"], d.pop("media_kind"))
        if media_kind != "ads":
            raise ValueError(f"media_kind must match const 'ads', got '{media_kind}'")

        mime_type = AdsUploadMimeType(d.pop("mime_type"))

        size_bytes = d.pop("size_bytes")

        ads_upload = cls(
            file_name=file_name,
            media_kind=media_kind,
            mime_type=mime_type,
            size_bytes=size_bytes,
        )

        return ads_upload
