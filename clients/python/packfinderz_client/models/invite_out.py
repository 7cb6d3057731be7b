from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.membership_user_dto import MembershipUserDTO


T = TypeVar("T", bound="InviteOut")


@_attrs_define
class InviteOut:
    """
    Attributes:
        user (MembershipUserDTO):
        temporary_password (None | str | Unset):
    """

    user: MembershipUserDTO
    temporary_password: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user = self.user.to_dict()

        temporary_password: None | str | Unset
        if isinstance(self.temporary_password, Unset):
            temporary_password = UNSET
        else:
            temporary_password = self.temporary_password

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user": user,
            }
        )
        if temporary_password is not UNSET:
            field_dict["temporary_password"] = temporary_password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.membership_user_dto import MembershipUserDTO  # noqa: PLC0415

        d = dict(src_dict)
        user = MembershipUserDTO.from_dict(d.pop("user"))

        def _parse_temporary_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        temporary_password = _parse_temporary_password(d.pop("temporary_password", UNSET))

        invite_out = cls(
            user=user,
            temporary_password=temporary_password,
        )

        invite_out.additional_properties = d
        return invite_out

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
