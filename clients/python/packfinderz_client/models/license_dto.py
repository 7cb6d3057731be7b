from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LicenseDTO")


@_attrs_define
class LicenseDTO:
    """
    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        issuing_state (str):
        media_id (UUID):
        number (str):
        status (str):
        store_id (UUID):
        type_ (str):
        updated_at (datetime.datetime):
        user_id (UUID):
        expiration_date (datetime.date | None | Unset):
        issue_date (datetime.date | None | Unset):
        rejection_reason (None | str | Unset):
        signed_url (None | str | Unset):
    """

    created_at: datetime.datetime
    id: UUID
    issuing_state: str
    media_id: UUID
    number: str
    status: str
    store_id: UUID
    type_: str
    updated_at: datetime.datetime
    user_id: UUID
    expiration_date: datetime.date | None | Unset = UNSET
    issue_date: datetime.date | None | Unset = UNSET
    rejection_reason: None | str | Unset = UNSET
    signed_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        issuing_state = self.issuing_state

        media_id = str(self.media_id)

        number = self.number

        status = self.status

        store_id = str(self.store_id)

        type_ = self.type_

        updated_at = self.updated_at.isoformat()

        user_id = str(self.user_id)

        expiration_date: None | str | Unset
        if isinstance(self.expiration_date, Unset):
            expiration_date = UNSET
        elif isinstance(self.expiration_date, datetime.date):
            expiration_date = self.expiration_date.isoformat()
        else:
            expiration_date = self.expiration_date

        issue_date: None | str | Unset
        if isinstance(self.issue_date, Unset):
            issue_date = UNSET
        elif isinstance(self.issue_date, datetime.date):
            issue_date = self.issue_date.isoformat()
        else:
            issue_date = self.issue_date

        rejection_reason: None | str | Unset
        if isinstance(self.rejection_reason, Unset):
            rejection_reason = UNSET
        else:
            rejection_reason = self.rejection_reason

        signed_url: None | str | Unset
        if isinstance(self.signed_url, Unset):
            signed_url = UNSET
        else:
            signed_url = self.signed_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "issuing_state": issuing_state,
                "media_id": media_id,
                "number": number,
                "status": status,
                "store_id": store_id,
                "type": type_,
                "updated_at": updated_at,
                "user_id": user_id,
            }
        )
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date
        if issue_date is not UNSET:
            field_dict["issue_date"] = issue_date
        if rejection_reason is not UNSET:
            field_dict["rejection_reason"] = rejection_reason
        if signed_url is not UNSET:
            field_dict["signed_url"] = signed_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        issuing_state = d.pop("issuing_state")

        media_id = UUID(d.pop("media_id"))

        number = d.pop("number")

        status = d.pop("status")

        store_id = UUID(d.pop("store_id"))

        type_ = d.pop("type")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_id = UUID(d.pop("user_id"))

        def _parse_expiration_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expiration_date_type_0 = datetime.date.fromisoformat(data)

                return expiration_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        expiration_date = _parse_expiration_date(d.pop("expiration_date", UNSET))

        def _parse_issue_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                issue_date_type_0 = datetime.date.fromisoformat(data)

                return issue_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        issue_date = _parse_issue_date(d.pop("issue_date", UNSET))

        def _parse_rejection_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason", UNSET))

        def _parse_signed_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        signed_url = _parse_signed_url(d.pop("signed_url", UNSET))

        license_dto = cls(
            created_at=created_at,
            id=id,
            issuing_state=issuing_state,
            media_id=media_id,
            number=number,
            status=status,
            store_id=store_id,
            type_=type_,
            updated_at=updated_at,
            user_id=user_id,
            expiration_date=expiration_date,
            issue_date=issue_date,
            rejection_reason=rejection_reason,
            signed_url=signed_url,
        )

        license_dto.additional_properties = d
        return license_dto

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
