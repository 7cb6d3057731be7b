from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.media_kind import MediaKind

T = TypeVar("T", bound="PresignIn")


@_attrs_define
class PresignIn:
    """
    Attributes:
        file_name (str):
        media_kind (MediaKind):
        mime_type (str):
        size_bytes (int):
    """

    file_name: str
    media_kind: MediaKind
    mime_type: str
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        file_name = self.file_name

        media_kind = self.media_kind.value

        mime_type = self.mime_type

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

        media_kind = MediaKind(d.pop("media_kind"))

        mime_type = d.pop("mime_type")

        size_bytes = d.pop("size_bytes")

        presign_in = cls(
            file_name=file_name,
            media_kind=media_kind,
            mime_type=mime_type,
            size_bytes=size_bytes,
        )

        return presign_in
