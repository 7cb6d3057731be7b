from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.invite_in_role import InviteInRole

T = TypeVar("T", bound="InviteIn")


@_attrs_define
class InviteIn:
    """
    Attributes:
        email (str): an email address
        first_name (str):
        last_name (str):
        role (InviteInRole):
    """

    email: str
    first_name: str
    last_name: str
    role: InviteInRole

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        role = self.role.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        role = InviteInRole(d.pop("role"))

        invite_in = cls(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
        )

        return invite_in
