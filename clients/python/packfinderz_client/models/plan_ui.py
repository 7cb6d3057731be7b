from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlanUi")


@_attrs_define
class PlanUi:
    """How a pricing page shows the plan (all optional).

    Attributes:
        badge (None | str | Unset):
        bullets (list[str] | None | Unset):
        description (None | str | Unset):
    """

    badge: None | str | Unset = UNSET
    bullets: list[str] | None | Unset = UNSET
    description: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        badge: None | str | Unset
        if isinstance(self.badge, Unset):
            badge = UNSET
        else:
            badge = self.badge

        bullets: list[str] | None | Unset
        if isinstance(self.bullets, Unset):
            bullets = UNSET
        elif isinstance(self.bullets, list):
            bullets = self.bullets

        else:
            bullets = self.bullets

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if badge is not UNSET:
            field_dict["badge"] = badge
        if bullets is not UNSET:
            field_dict["bullets"] = bullets
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_badge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        badge = _parse_badge(d.pop("badge", UNSET))

        def _parse_bullets(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                bullets_type_0 = cast(list[str], data)

                return bullets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        bullets = _parse_bullets(d.pop("bullets", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        plan_ui = cls(
            badge=badge,
            bullets=bullets,
            description=description,
        )

        return plan_ui
