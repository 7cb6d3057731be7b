from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..models.license_doc_upload_mime_type import LicenseDocUploadMimeType

T = TypeVar("T", bound="LicenseDocUpload")


@_attrs_define
class LicenseDocUpload:
    """
    Attributes:
        file_name (str):
        media_kind (Literal['license_doc']):
        mime_type (LicenseDocUploadMimeType):
        size_bytes (int):
    """

    file_name: str
    media_kind: Literal["license_doc"]
    mime_type: LicenseDocUploadMimeType
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

        media_kind = cast(Literal["license_doc"], d.pop("media_kind"))
        if media_kind != "license_doc":
            raise ValueError(f"media_kind must match const 'license_doc', got '{media_kind}'")

        mime_type = LicenseDocUploadMimeType(d.pop("mime_type"))

        size_bytes = d.pop("size_bytes")

        license_doc_upload = cls(
            file_name=file_name,
            media_kind=media_kind,
            mime_type=mime_type,
            size_bytes=size_bytes,
        )

        return license_doc_upload
