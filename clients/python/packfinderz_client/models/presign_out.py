from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.presign_out_headers import PresignOutHeaders


T = TypeVar("T", bound="PresignOut")


@_attrs_define
class PresignOut:
    """
    Attributes:
        content_type (str):
        expires_at (datetime.datetime):
        gcs_key (str):
        headers (PresignOutHeaders):
        media_id (UUID):
        signed_put_url (str):
    """

    content_type: str
    expires_at: datetime.datetime
    gcs_key: str
    headers: PresignOutHeaders
    media_id: UUID
    signed_put_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        expires_at = self.expires_at.isoformat()

        gcs_key = self.gcs_key

        headers = self.headers.to_dict()

        media_id = str(self.media_id)

        signed_put_url = self.signed_put_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_type": content_type,
                "expires_at": expires_at,
                "gcs_key": gcs_key,
                "headers": headers,
                "media_id": media_id,
                "signed_put_url": signed_put_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.presign_out_headers import PresignOutHeaders  # noqa: PLC0415

        d = dict(src_dict)
        content_type = d.pop("content_type")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        gcs_key = d.pop("gcs_key")

        headers = PresignOutHeaders.from_dict(d.pop("headers"))

        media_id = UUID(d.pop("media_id"))

        signed_put_url = d.pop("signed_put_url")

        presign_out = cls(
            content_type=content_type,
            expires_at=expires_at,
            gcs_key=gcs_key,
            headers=headers,
            media_id=media_id,
            signed_put_url=signed_put_url,
        )

        presign_out.additional_properties = d
        return presign_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
