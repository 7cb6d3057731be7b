from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.license_in_type import LicenseInType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LicenseIn")


@_attrs_define
class LicenseIn:
    """The dates' rules between fields and around today (UTC) are stated under ``x-pf-rules``
    (the expiration window with the default ``PF_IDENTITY_LICENSE_MAX_VALIDITY_YEARS``).

        Attributes:
            issuing_state (str): a US state code (USPS), either case
            media_id (UUID):
            number (str):
            type_ (LicenseInType):
            expiration_date (datetime.date | None | Unset):
            issue_date (datetime.date | None | Unset):
    """

    issuing_state: str
    media_id: UUID
    number: str
    type_: LicenseInType
    expiration_date: datetime.date | None | Unset = UNSET
    issue_date: datetime.date | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        issuing_state = self.issuing_state

        media_id = str(self.media_id)

        number = self.number

        type_ = self.type_.value

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "issuing_state": issuing_state,
                "media_id": media_id,
                "number": number,
                "type": type_,
            }
        )
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date
        if issue_date is not UNSET:
            field_dict["issue_date"] = issue_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        issuing_state = d.pop("issuing_state")

        media_id = UUID(d.pop("media_id"))

        number = d.pop("number")

        type_ = LicenseInType(d.pop("type"))

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

        license_in = cls(
            issuing_state=issuing_state,
            media_id=media_id,
            number=number,
            type_=type_,
            expiration_date=expiration_date,
            issue_date=issue_date,
        )

        return license_in
