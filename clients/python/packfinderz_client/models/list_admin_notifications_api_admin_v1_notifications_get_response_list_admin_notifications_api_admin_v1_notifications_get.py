from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.notification_page import NotificationPage


T = TypeVar(
    "T",
    bound="ListAdminNotificationsApiAdminV1NotificationsGetResponseListAdminNotificationsApiAdminV1NotificationsGet",
)


@_attrs_define
class ListAdminNotificationsApiAdminV1NotificationsGetResponseListAdminNotificationsApiAdminV1NotificationsGet:
    """
    Attributes:
        data (NotificationPage):
    """

    data: NotificationPage

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
        from ..models.notification_page import NotificationPage  # noqa: PLC0415

        d = dict(src_dict)
        data = NotificationPage.from_dict(d.pop("data"))

        list_admin_notifications_api_admin_v1_notifications_get_response_list_admin_notifications_api_admin_v1_notifications_get = cls(
            data=data,
        )

        return list_admin_notifications_api_admin_v1_notifications_get_response_list_admin_notifications_api_admin_v1_notifications_get
