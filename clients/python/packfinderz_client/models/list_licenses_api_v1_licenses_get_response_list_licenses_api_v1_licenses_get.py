from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.license_page import LicensePage


T = TypeVar("T", bound="ListLicensesApiV1LicensesGetResponseListLicensesApiV1LicensesGet")


@_attrs_define
class ListLicensesApiV1LicensesGetResponseListLicensesApiV1LicensesGet:
    """
    Attributes:
        data (LicensePage):
    """

    data: LicensePage

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
        from ..models.license_page import LicensePage  # noqa: PLC0415

        d = dict(src_dict)
        data = LicensePage.from_dict(d.pop("data"))

        list_licenses_api_v1_licenses_get_response_list_licenses_api_v1_licenses_get = cls(
            data=data,
        )

        return list_licenses_api_v1_licenses_get_response_list_licenses_api_v1_licenses_get
