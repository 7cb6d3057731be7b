from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VendorDTO")


@_attrs_define
class VendorDTO:
    """
    Attributes:
        store_id (UUID):
        vendor_store_id (UUID):
        company_name (None | str | Unset):
        logo_media_id (None | Unset | UUID):
        logo_url (None | str | Unset):
        vendor_name (None | str | Unset):
    """

    store_id: UUID
    vendor_store_id: UUID
    company_name: None | str | Unset = UNSET
    logo_media_id: None | Unset | UUID = UNSET
    logo_url: None | str | Unset = UNSET
    vendor_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        store_id = str(self.store_id)

        vendor_store_id = str(self.vendor_store_id)

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        logo_media_id: None | str | Unset
        if isinstance(self.logo_media_id, Unset):
            logo_media_id = UNSET
        elif isinstance(self.logo_media_id, UUID):
            logo_media_id = str(self.logo_media_id)
        else:
            logo_media_id = self.logo_media_id

        logo_url: None | str | Unset
        if isinstance(self.logo_url, Unset):
            logo_url = UNSET
        else:
            logo_url = self.logo_url

        vendor_name: None | str | Unset
        if isinstance(self.vendor_name, Unset):
            vendor_name = UNSET
        else:
            vendor_name = self.vendor_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "store_id": store_id,
                "vendor_store_id": vendor_store_id,
            }
        )
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if logo_media_id is not UNSET:
            field_dict["logo_media_id"] = logo_media_id
        if logo_url is not UNSET:
            field_dict["logo_url"] = logo_url
        if vendor_name is not UNSET:
            field_dict["vendor_name"] = vendor_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        store_id = UUID(d.pop("store_id"))

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("company_name", UNSET))

        def _parse_logo_media_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                logo_media_id_type_0 = UUID(data)

                return logo_media_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        logo_media_id = _parse_logo_media_id(d.pop("logo_media_id", UNSET))

        def _parse_logo_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        logo_url = _parse_logo_url(d.pop("logo_url", UNSET))

        def _parse_vendor_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vendor_name = _parse_vendor_name(d.pop("vendor_name", UNSET))

        vendor_dto = cls(
            store_id=store_id,
            vendor_store_id=vendor_store_id,
            company_name=company_name,
            logo_media_id=logo_media_id,
            logo_url=logo_url,
            vendor_name=vendor_name,
        )

        vendor_dto.additional_properties = d
        return vendor_dto

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
