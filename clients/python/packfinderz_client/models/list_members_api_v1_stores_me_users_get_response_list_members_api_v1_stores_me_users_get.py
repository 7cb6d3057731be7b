from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.membership_user_dto import MembershipUserDTO


T = TypeVar("T", bound="ListMembersApiV1StoresMeUsersGetResponseListMembersApiV1StoresMeUsersGet")


@_attrs_define
class ListMembersApiV1StoresMeUsersGetResponseListMembersApiV1StoresMeUsersGet:
    """
    Attributes:
        data (list[MembershipUserDTO]):
    """

    data: list[MembershipUserDTO]

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.membership_user_dto import MembershipUserDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = MembershipUserDTO.from_dict(data_item_data)

            data.append(data_item)

        list_members_api_v1_stores_me_users_get_response_list_members_api_v1_stores_me_users_get = cls(
            data=data,
        )

        return list_members_api_v1_stores_me_users_get_response_list_members_api_v1_stores_me_users_get
