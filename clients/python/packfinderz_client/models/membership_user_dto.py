from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MembershipUserDTO")


@_attrs_define
class MembershipUserDTO:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):
        first_name (str):
        last_name (str):
        membership_id (UUID):
        membership_status (str):
        role (str):
        store_id (UUID):
        user_id (UUID):
        last_login_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    email: str
    first_name: str
    last_name: str
    membership_id: UUID
    membership_status: str
    role: str
    store_id: UUID
    user_id: UUID
    last_login_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        membership_id = str(self.membership_id)

        membership_status = self.membership_status

        role = self.role

        store_id = str(self.store_id)

        user_id = str(self.user_id)

        last_login_at: None | str | Unset
        if isinstance(self.last_login_at, Unset):
            last_login_at = UNSET
        elif isinstance(self.last_login_at, datetime.datetime):
            last_login_at = self.last_login_at.isoformat()
        else:
            last_login_at = self.last_login_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "membership_id": membership_id,
                "membership_status": membership_status,
                "role": role,
                "store_id": store_id,
                "user_id": user_id,
            }
        )
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        membership_id = UUID(d.pop("membership_id"))

        membership_status = d.pop("membership_status")

        role = d.pop("role")

        store_id = UUID(d.pop("store_id"))

        user_id = UUID(d.pop("user_id"))

        def _parse_last_login_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_login_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_login_at = _parse_last_login_at(d.pop("last_login_at", UNSET))

        membership_user_dto = cls(
            created_at=created_at,
            email=email,
            first_name=first_name,
            last_name=last_name,
            membership_id=membership_id,
            membership_status=membership_status,
            role=role,
            store_id=store_id,
            user_id=user_id,
            last_login_at=last_login_at,
        )

        membership_user_dto.additional_properties = d
        return membership_user_dto

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
