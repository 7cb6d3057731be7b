from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.invite_out import InviteOut


T = TypeVar(
    "T", bound="InviteMemberApiV1StoresMeUsersInvitePostResponseInviteMemberApiV1StoresMeUsersInvitePost"
)


@_attrs_define
class InviteMemberApiV1StoresMeUsersInvitePostResponseInviteMemberApiV1StoresMeUsersInvitePost:
    """
    Attributes:
        data (InviteOut):
    """

    data: InviteOut

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invite_out import InviteOut  # noqa: PLC0415

        d = dict(src_dict)
        data = InviteOut.from_dict(d.pop("data"))

        invite_member_api_v1_stores_me_users_invite_post_response_invite_member_api_v1_stores_me_users_invite_post = cls(
            data=data,
        )

        return invite_member_api_v1_stores_me_users_invite_post_response_invite_member_api_v1_stores_me_users_invite_post
