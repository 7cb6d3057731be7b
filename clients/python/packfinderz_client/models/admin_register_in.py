from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="AdminRegisterIn")


@_attrs_define
class AdminRegisterIn:
    """
    Attributes:
        email (str): an email address
        first_name (str):
        last_name (str):
        password (str): 12-256 characters mixing at least two of: lower case, upper case, digits, symbols; not
            containing the email address
    """

    email: str
    first_name: str
    last_name: str
    password: str

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        password = self.password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "password": password,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        password = d.pop("password")

        admin_register_in = cls(
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=password,
        )

        return admin_register_in
