from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.refresh_out import RefreshOut


T = TypeVar("T", bound="RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost")


@_attrs_define
class RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost:
    """
    Attributes:
        data (RefreshOut):
    """

    data: RefreshOut

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
        from ..models.refresh_out import RefreshOut  # noqa: PLC0415

        d = dict(src_dict)
        data = RefreshOut.from_dict(d.pop("data"))

        refresh_api_v1_auth_refresh_post_response_refresh_api_v1_auth_refresh_post = cls(
            data=data,
        )

        return refresh_api_v1_auth_refresh_post_response_refresh_api_v1_auth_refresh_post
