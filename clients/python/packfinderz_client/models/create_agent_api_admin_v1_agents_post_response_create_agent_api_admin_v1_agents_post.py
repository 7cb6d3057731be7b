from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.user_dto import UserDTO


T = TypeVar("T", bound="CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost")


@_attrs_define
class CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost:
    """
    Attributes:
        data (UserDTO):
    """

    data: UserDTO

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
        from ..models.user_dto import UserDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = UserDTO.from_dict(d.pop("data"))

        create_agent_api_admin_v1_agents_post_response_create_agent_api_admin_v1_agents_post = cls(
            data=data,
        )

        return create_agent_api_admin_v1_agents_post_response_create_agent_api_admin_v1_agents_post
