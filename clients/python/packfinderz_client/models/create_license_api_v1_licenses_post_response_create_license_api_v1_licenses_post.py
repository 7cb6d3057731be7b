from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.license_dto import LicenseDTO


T = TypeVar("T", bound="CreateLicenseApiV1LicensesPostResponseCreateLicenseApiV1LicensesPost")


@_attrs_define
class CreateLicenseApiV1LicensesPostResponseCreateLicenseApiV1LicensesPost:
    """
    Attributes:
        data (LicenseDTO):
    """

    data: LicenseDTO

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
        from ..models.license_dto import LicenseDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = LicenseDTO.from_dict(d.pop("data"))

        create_license_api_v1_licenses_post_response_create_license_api_v1_licenses_post = cls(
            data=data,
        )

        return create_license_api_v1_licenses_post_response_create_license_api_v1_licenses_post
