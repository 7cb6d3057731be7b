from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LicenseRef")


@_attrs_define
class LicenseRef:
    """A license as a store profile lists it (API.md §2 StoreDTO ``licenses [{number, type}]``,
    plus the other public facts of LicenseDTO). The document (``media_id``, ``signed_url``),
    the uploader and a rejection reason are not part of a profile: the store reads them
    through ``GET /api/v1/licenses``.

        Attributes:
            issuing_state (str):
            number (str):
            status (str):
            type_ (str):
            expiration_date (datetime.date | None | Unset):
    """

    issuing_state: str
    number: str
    status: str
    type_: str
    expiration_date: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        issuing_state = self.issuing_state

        number = self.number

        status = self.status

        type_ = self.type_

        expiration_date: None | str | Unset
        if isinstance(self.expiration_date, Unset):
            expiration_date = UNSET
        elif isinstance(self.expiration_date, datetime.date):
            expiration_date = self.expiration_date.isoformat()
        else:
            expiration_date = self.expiration_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "issuing_state": issuing_state,
                "number": number,
                "status": status,
                "type": type_,
            }
        )
        if expiration_date is not UNSET:
            field_dict["expiration_date"] = expiration_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        issuing_state = d.pop("issuing_state")

        number = d.pop("number")

        status = d.pop("status")

        type_ = d.pop("type")

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

        license_ref = cls(
            issuing_state=issuing_state,
            number=number,
            status=status,
            type_=type_,
            expiration_date=expiration_date,
        )

        license_ref.additional_properties = d
        return license_ref

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
