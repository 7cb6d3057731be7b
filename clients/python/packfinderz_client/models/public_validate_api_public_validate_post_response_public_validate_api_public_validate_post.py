from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.validate_in import ValidateIn


T = TypeVar("T", bound="PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost")


@_attrs_define
class PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost:
    """
    Attributes:
        data (ValidateIn):
    """

    data: ValidateIn

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
        from ..models.validate_in import ValidateIn  # noqa: PLC0415

        d = dict(src_dict)
        data = ValidateIn.from_dict(d.pop("data"))

        public_validate_api_public_validate_post_response_public_validate_api_public_validate_post = cls(
            data=data,
        )

        return public_validate_api_public_validate_post_response_public_validate_api_public_validate_post
