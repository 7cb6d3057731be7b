from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.media_dto_derivatives import MediaDTODerivatives


T = TypeVar("T", bound="MediaDTO")


@_attrs_define
class MediaDTO:
    """
    Attributes:
        created_at (datetime.datetime):
        file_name (str):
        id (UUID):
        kind (str):
        mime_type (str):
        size_bytes (int):
        status (str):
        derivatives (MediaDTODerivatives | Unset):
        failure_reason (None | str | Unset):
        ocr_available (bool | Unset):  Default: False.
        public_url (None | str | Unset):
        signed_url (None | str | Unset):
        uploaded_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    file_name: str
    id: UUID
    kind: str
    mime_type: str
    size_bytes: int
    status: str
    derivatives: MediaDTODerivatives | Unset = UNSET
    failure_reason: None | str | Unset = UNSET
    ocr_available: bool | Unset = False
    public_url: None | str | Unset = UNSET
    signed_url: None | str | Unset = UNSET
    uploaded_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        file_name = self.file_name

        id = str(self.id)

        kind = self.kind

        mime_type = self.mime_type

        size_bytes = self.size_bytes

        status = self.status

        derivatives: dict[str, Any] | Unset = UNSET
        if not isinstance(self.derivatives, Unset):
            derivatives = self.derivatives.to_dict()

        failure_reason: None | str | Unset
        if isinstance(self.failure_reason, Unset):
            failure_reason = UNSET
        else:
            failure_reason = self.failure_reason

        ocr_available = self.ocr_available

        public_url: None | str | Unset
        if isinstance(self.public_url, Unset):
            public_url = UNSET
        else:
            public_url = self.public_url

        signed_url: None | str | Unset
        if isinstance(self.signed_url, Unset):
            signed_url = UNSET
        else:
            signed_url = self.signed_url

        uploaded_at: None | str | Unset
        if isinstance(self.uploaded_at, Unset):
            uploaded_at = UNSET
        elif isinstance(self.uploaded_at, datetime.datetime):
            uploaded_at = self.uploaded_at.isoformat()
        else:
            uploaded_at = self.uploaded_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "file_name": file_name,
                "id": id,
                "kind": kind,
                "mime_type": mime_type,
                "size_bytes": size_bytes,
                "status": status,
            }
        )
        if derivatives is not UNSET:
            field_dict["derivatives"] = derivatives
        if failure_reason is not UNSET:
            field_dict["failure_reason"] = failure_reason
        if ocr_available is not UNSET:
            field_dict["ocr_available"] = ocr_available
        if public_url is not UNSET:
            field_dict["public_url"] = public_url
        if signed_url is not UNSET:
            field_dict["signed_url"] = signed_url
        if uploaded_at is not UNSET:
            field_dict["uploaded_at"] = uploaded_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.media_dto_derivatives import MediaDTODerivatives  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        file_name = d.pop("file_name")

        id = UUID(d.pop("id"))

        kind = d.pop("kind")

        mime_type = d.pop("mime_type")

        size_bytes = d.pop("size_bytes")

        status = d.pop("status")

        _derivatives = d.pop("derivatives", UNSET)
        derivatives: MediaDTODerivatives | Unset
        if isinstance(_derivatives, Unset):
            derivatives = UNSET
        else:
            derivatives = MediaDTODerivatives.from_dict(_derivatives)

        def _parse_failure_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason", UNSET))

        ocr_available = d.pop("ocr_available", UNSET)

        def _parse_public_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        public_url = _parse_public_url(d.pop("public_url", UNSET))

        def _parse_signed_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signed_url = _parse_signed_url(d.pop("signed_url", UNSET))

        def _parse_uploaded_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                uploaded_at_type_0 = datetime.datetime.fromisoformat(data)

                return uploaded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        uploaded_at = _parse_uploaded_at(d.pop("uploaded_at", UNSET))

        media_dto = cls(
            created_at=created_at,
            file_name=file_name,
            id=id,
            kind=kind,
            mime_type=mime_type,
            size_bytes=size_bytes,
            status=status,
            derivatives=derivatives,
            failure_reason=failure_reason,
            ocr_available=ocr_available,
            public_url=public_url,
            signed_url=signed_url,
            uploaded_at=uploaded_at,
        )

        media_dto.additional_properties = d
        return media_dto

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
