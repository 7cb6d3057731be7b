from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="AssignAgentIn")


@_attrs_define
class AssignAgentIn:
    """
    Attributes:
        agent_user_id (UUID):
    """

    agent_user_id: UUID

    def to_dict(self) -> dict[str, Any]:
        agent_user_id = str(self.agent_user_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "agent_user_id": agent_user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_user_id = UUID(d.pop("agent_user_id"))

        assign_agent_in = cls(
            agent_user_id=agent_user_id,
        )

        return assign_agent_in
