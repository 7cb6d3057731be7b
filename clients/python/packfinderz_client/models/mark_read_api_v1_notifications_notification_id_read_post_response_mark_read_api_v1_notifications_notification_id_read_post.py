from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.read_out import ReadOut


T = TypeVar(
    "T",
    bound="MarkReadApiV1NotificationsNotificationIdReadPostResponseMarkReadApiV1NotificationsNotificationIdReadPost",
)


@_attrs_define
class MarkReadApiV1NotificationsNotificationIdReadPostResponseMarkReadApiV1NotificationsNotificationIdReadPost:
    """
    Attributes:
        data (ReadOut):
    """

    data: ReadOut

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
        from ..models.read_out import ReadOut  # noqa: PLC0415

        d = dict(src_dict)
        data = ReadOut.from_dict(d.pop("data"))

        mark_read_api_v1_notifications_notification_id_read_post_response_mark_read_api_v1_notifications_notification_id_read_post = cls(
            data=data,
        )

        return mark_read_api_v1_notifications_notification_id_read_post_response_mark_read_api_v1_notifications_notification_id_read_post
