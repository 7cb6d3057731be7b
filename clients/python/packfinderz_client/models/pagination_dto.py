from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaginationDTO")


@_attrs_define
class PaginationDTO:
    """The ``pagination`` object in a response schema (what :class:`PageInfo` serialises to).

    Attributes:
        current (str):
        first (str):
        last (str):
        next_ (str):
        page (int):
        prev (str):
        total (int):
    """

    current: str
    first: str
    last: str
    next_: str
    page: int
    prev: str
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current = self.current

        first = self.first

        last = self.last

        next_ = self.next_

        page = self.page

        prev = self.prev

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
                "first": first,
                "last": last,
                "next": next_,
                "page": page,
                "prev": prev,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current = d.pop("current")

        first = d.pop("first")

        last = d.pop("last")

        next_ = d.pop("next")

        page = d.pop("page")

        prev = d.pop("prev")

        total = d.pop("total")

        pagination_dto = cls(
            current=current,
            first=first,
            last=last,
            next_=next_,
            page=page,
            prev=prev,
            total=total,
        )

        pagination_dto.additional_properties = d
        return pagination_dto

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
