from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.media_page import MediaPage


T = TypeVar("T", bound="ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet")


@_attrs_define
class ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet:
    """
    Attributes:
        data (MediaPage):
    """

    data: MediaPage

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
        from ..models.media_page import MediaPage  # noqa: PLC0415

        d = dict(src_dict)
        data = MediaPage.from_dict(d.pop("data"))

        list_media_api_v1_media_get_response_list_media_api_v1_media_get = cls(
            data=data,
        )

        return list_media_api_v1_media_get_response_list_media_api_v1_media_get
