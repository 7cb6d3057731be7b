from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.read_all_out import ReadAllOut


T = TypeVar(
    "T", bound="MarkAllReadApiV1NotificationsReadAllPostResponseMarkAllReadApiV1NotificationsReadAllPost"
)


@_attrs_define
class MarkAllReadApiV1NotificationsReadAllPostResponseMarkAllReadApiV1NotificationsReadAllPost:
    """
    Attributes:
        data (ReadAllOut):
    """

    data: ReadAllOut

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
        from ..models.read_all_out import ReadAllOut  # noqa: PLC0415

        d = dict(src_dict)
        data = ReadAllOut.from_dict(d.pop("data"))

        mark_all_read_api_v1_notifications_read_all_post_response_mark_all_read_api_v1_notifications_read_all_post = cls(
            data=data,
        )

        return mark_all_read_api_v1_notifications_read_all_post_response_mark_all_read_api_v1_notifications_read_all_post
