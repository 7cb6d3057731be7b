from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_store_summary_address_type_0 import OrderStoreSummaryAddressType0


T = TypeVar("T", bound="OrderStoreSummary")


@_attrs_define
class OrderStoreSummary:
    """
    Attributes:
        company_name (str):
        id (UUID):
        address (None | OrderStoreSummaryAddressType0 | Unset):
        dba_name (None | str | Unset):
        logo_url (None | str | Unset):
        phone (None | str | Unset):
    """

    company_name: str
    id: UUID
    address: None | OrderStoreSummaryAddressType0 | Unset = UNSET
    dba_name: None | str | Unset = UNSET
    logo_url: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.order_store_summary_address_type_0 import OrderStoreSummaryAddressType0  # noqa: PLC0415

        company_name = self.company_name

        id = str(self.id)

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, OrderStoreSummaryAddressType0):
            address = self.address.to_dict()
        else:
            address = self.address

        dba_name: None | str | Unset
        if isinstance(self.dba_name, Unset):
            dba_name = UNSET
        else:
            dba_name = self.dba_name

        logo_url: None | str | Unset
        if isinstance(self.logo_url, Unset):
            logo_url = UNSET
        else:
            logo_url = self.logo_url

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "company_name": company_name,
                "id": id,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if dba_name is not UNSET:
            field_dict["dba_name"] = dba_name
        if logo_url is not UNSET:
            field_dict["logo_url"] = logo_url
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_store_summary_address_type_0 import OrderStoreSummaryAddressType0  # noqa: PLC0415

        d = dict(src_dict)
        company_name = d.pop("company_name")

        id = UUID(d.pop("id"))

        def _parse_address(data: object) -> None | OrderStoreSummaryAddressType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = OrderStoreSummaryAddressType0.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderStoreSummaryAddressType0 | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_dba_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dba_name = _parse_dba_name(d.pop("dba_name", UNSET))

        def _parse_logo_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        logo_url = _parse_logo_url(d.pop("logo_url", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        order_store_summary = cls(
            company_name=company_name,
            id=id,
            address=address,
            dba_name=dba_name,
            logo_url=logo_url,
            phone=phone,
        )

        order_store_summary.additional_properties = d
        return order_store_summary

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
