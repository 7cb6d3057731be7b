from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.register_in_store_type import RegisterInStoreType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_in import AddressIn


T = TypeVar("T", bound="RegisterIn")


@_attrs_define
class RegisterIn:
    """
    Attributes:
        accept_tos (bool): must be true
        address (AddressIn): DOMAIN §2 Address as a request accepts it (state and country upper-cased; lat/lng
            required).
        company_name (str):
        email (str): an email address
        first_name (str):
        last_name (str):
        password (str): 12-256 characters mixing at least two of: lower case, upper case, digits, symbols; not
            containing the email address
        store_type (RegisterInStoreType):
        dba_name (None | str | Unset):
        phone (None | str | Unset):
    """

    accept_tos: bool
    address: AddressIn
    company_name: str
    email: str
    first_name: str
    last_name: str
    password: str
    store_type: RegisterInStoreType
    dba_name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        accept_tos = self.accept_tos

        address = self.address.to_dict()

        company_name = self.company_name

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        password = self.password

        store_type = self.store_type.value

        dba_name: None | str | Unset
        if isinstance(self.dba_name, Unset):
            dba_name = UNSET
        else:
            dba_name = self.dba_name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "accept_tos": accept_tos,
                "address": address,
                "company_name": company_name,
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "password": password,
                "store_type": store_type,
            }
        )
        if dba_name is not UNSET:
            field_dict["dba_name"] = dba_name
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address_in import AddressIn  # noqa: PLC0415

        d = dict(src_dict)
        accept_tos = d.pop("accept_tos")

        address = AddressIn.from_dict(d.pop("address"))

        company_name = d.pop("company_name")

        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        password = d.pop("password")

        store_type = RegisterInStoreType(d.pop("store_type"))

        def _parse_dba_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dba_name = _parse_dba_name(d.pop("dba_name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        register_in = cls(
            accept_tos=accept_tos,
            address=address,
            company_name=company_name,
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=password,
            store_type=store_type,
            dba_name=dba_name,
            phone=phone,
        )

        return register_in
