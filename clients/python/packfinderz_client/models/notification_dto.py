from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notification_dto_audience import NotificationDTOAudience
from ..types import UNSET, Unset

T = TypeVar("T", bound="NotificationDTO")


@_attrs_define
class NotificationDTO:
    """
    Attributes:
        audience (NotificationDTOAudience):
        created_at (datetime.datetime):
        id (UUID):
        message (str):
        store_id (UUID):
        title (str):
        type_ (str):
        link (None | str | Unset):
        read_at (datetime.datetime | None | Unset):
    """

    audience: NotificationDTOAudience
    created_at: datetime.datetime
    id: UUID
    message: str
    store_id: UUID
    title: str
    type_: str
    link: None | str | Unset = UNSET
    read_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audience = self.audience.value

        created_at = self.created_at.isoformat()

        id = str(self.id)

        message = self.message

        store_id = str(self.store_id)

        title = self.title

        type_ = self.type_

        link: None | str | Unset
        if isinstance(self.link, Unset):
            link = UNSET
        else:
            link = self.link

        read_at: None | str | Unset
        if isinstance(self.read_at, Unset):
            read_at = UNSET
        elif isinstance(self.read_at, datetime.datetime):
            read_at = self.read_at.isoformat()
        else:
            read_at = self.read_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audience": audience,
                "created_at": created_at,
                "id": id,
                "message": message,
                "store_id": store_id,
                "title": title,
                "type": type_,
            }
        )
        if link is not UNSET:
            field_dict["link"] = link
        if read_at is not UNSET:
            field_dict["read_at"] = read_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        audience = NotificationDTOAudience(d.pop("audience"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        message = d.pop("message")

        store_id = UUID(d.pop("store_id"))

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_link(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        link = _parse_link(d.pop("link", UNSET))

        def _parse_read_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                read_at_type_0 = datetime.datetime.fromisoformat(data)

                return read_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        read_at = _parse_read_at(d.pop("read_at", UNSET))

        notification_dto = cls(
            audience=audience,
            created_at=created_at,
            id=id,
            message=message,
            store_id=store_id,
            title=title,
            type_=type_,
            link=link,
            read_at=read_at,
        )

        notification_dto.additional_properties = d
        return notification_dto

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
