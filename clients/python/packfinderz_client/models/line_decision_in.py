from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.line_decision_in_decision import LineDecisionInDecision
from ..types import UNSET, Unset

T = TypeVar("T", bound="LineDecisionIn")


@_attrs_define
class LineDecisionIn:
    """
    Attributes:
        decision (LineDecisionInDecision):
        line_item_id (UUID):
        notes (None | str | Unset):
    """

    decision: LineDecisionInDecision
    line_item_id: UUID
    notes: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        line_item_id = str(self.line_item_id)

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "line_item_id": line_item_id,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = LineDecisionInDecision(d.pop("decision"))

        line_item_id = UUID(d.pop("line_item_id"))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        line_decision_in = cls(
            decision=decision,
            line_item_id=line_item_id,
            notes=notes,
        )

        return line_decision_in
