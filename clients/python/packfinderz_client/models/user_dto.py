from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserDTO")


@_attrs_define
class UserDTO:
    """
    Attributes:
        created_at (datetime.datetime):
        email (str):
        first_name (str):
        id (UUID):
        is_active (bool):
        last_name (str):
        updated_at (datetime.datetime):
        last_login_at (datetime.datetime | None | Unset):
        phone (None | str | Unset):
        system_role (None | str | Unset):
    """

    created_at: datetime.datetime
    email: str
    first_name: str
    id: UUID
    is_active: bool
    last_name: str
    updated_at: datetime.datetime
    last_login_at: datetime.datetime | None | Unset = UNSET
    phone: None | str | Unset = UNSET
    system_role: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        first_name = self.first_name

        id = str(self.id)

        is_active = self.is_active

        last_name = self.last_name

        updated_at = self.updated_at.isoformat()

        last_login_at: None | str | Unset
        if isinstance(self.last_login_at, Unset):
            last_login_at = UNSET
        elif isinstance(self.last_login_at, datetime.datetime):
            last_login_at = self.last_login_at.isoformat()
        else:
            last_login_at = self.last_login_at

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        system_role: None | str | Unset
        if isinstance(self.system_role, Unset):
            system_role = UNSET
        else:
            system_role = self.system_role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "first_name": first_name,
                "id": id,
                "is_active": is_active,
                "last_name": last_name,
                "updated_at": updated_at,
            }
        )
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at
        if phone is not UNSET:
            field_dict["phone"] = phone
        if system_role is not UNSET:
            field_dict["system_role"] = system_role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        first_name = d.pop("first_name")

        id = UUID(d.pop("id"))

        is_active = d.pop("is_active")

        last_name = d.pop("last_name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

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

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_system_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        system_role = _parse_system_role(d.pop("system_role", UNSET))

        user_dto = cls(
            created_at=created_at,
            email=email,
            first_name=first_name,
            id=id,
            is_active=is_active,
            last_name=last_name,
            updated_at=updated_at,
            last_login_at=last_login_at,
            phone=phone,
            system_role=system_role,
        )

        user_dto.additional_properties = d
        return user_dto

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
