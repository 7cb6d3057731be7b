from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.presign_out import PresignOut


T = TypeVar("T", bound="PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost")


@_attrs_define
class PresignApiV1MediaPresignPostResponsePresignApiV1MediaPresignPost:
    """
    Attributes:
        data (PresignOut):
    """

    data: PresignOut

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
        from ..models.presign_out import PresignOut  # noqa: PLC0415

        d = dict(src_dict)
        data = PresignOut.from_dict(d.pop("data"))

        presign_api_v1_media_presign_post_response_presign_api_v1_media_presign_post = cls(
            data=data,
        )

        return presign_api_v1_media_presign_post_response_presign_api_v1_media_presign_post
