from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.social import Social


T = TypeVar("T", bound="StoreUpdateIn")


@_attrs_define
class StoreUpdateIn:
    """PUT /stores/me: every field optional; a field sent as null clears it (company_name excepted).

    ``logo_media_id``/``banner_media_id`` name media of the caller's store (kind store/other,
    uploaded/ready; else 404, checked against identity's media projection).
    Address, type and KYC are not writable: like any unknown field they are a 400.

        Attributes:
            banner_media_id (None | Unset | UUID):
            categories (list[str] | None | Unset):
            company_name (str | Unset):
            description (None | str | Unset):
            email (None | str | Unset):
            logo_media_id (None | Unset | UUID):
            phone (None | str | Unset):
            social (None | Social | Unset):
    """

    banner_media_id: None | Unset | UUID = UNSET
    categories: list[str] | None | Unset = UNSET
    company_name: str | Unset = UNSET
    description: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    logo_media_id: None | Unset | UUID = UNSET
    phone: None | str | Unset = UNSET
    social: None | Social | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.social import Social  # noqa: PLC0415

        banner_media_id: None | str | Unset
        if isinstance(self.banner_media_id, Unset):
            banner_media_id = UNSET
        elif isinstance(self.banner_media_id, UUID):
            banner_media_id = str(self.banner_media_id)
        else:
            banner_media_id = self.banner_media_id

        categories: list[str] | None | Unset
        if isinstance(self.categories, Unset):
            categories = UNSET
        elif isinstance(self.categories, list):
            categories = self.categories

        else:
            categories = self.categories

        company_name = self.company_name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        logo_media_id: None | str | Unset
        if isinstance(self.logo_media_id, Unset):
            logo_media_id = UNSET
        elif isinstance(self.logo_media_id, UUID):
            logo_media_id = str(self.logo_media_id)
        else:
            logo_media_id = self.logo_media_id

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        social: dict[str, Any] | None | Unset
        if isinstance(self.social, Unset):
            social = UNSET
        elif isinstance(self.social, Social):
            social = self.social.to_dict()
        else:
            social = self.social

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if banner_media_id is not UNSET:
            field_dict["banner_media_id"] = banner_media_id
        if categories is not UNSET:
            field_dict["categories"] = categories
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if description is not UNSET:
            field_dict["description"] = description
        if email is not UNSET:
            field_dict["email"] = email
        if logo_media_id is not UNSET:
            field_dict["logo_media_id"] = logo_media_id
        if phone is not UNSET:
            field_dict["phone"] = phone
        if social is not UNSET:
            field_dict["social"] = social

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.social import Social  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_banner_media_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                banner_media_id_type_0 = UUID(data)

                return banner_media_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        banner_media_id = _parse_banner_media_id(d.pop("banner_media_id", UNSET))

        def _parse_categories(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                categories_type_0 = cast(list[str], data)

                return categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        categories = _parse_categories(d.pop("categories", UNSET))

        company_name = d.pop("company_name", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

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

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_social(data: object) -> None | Social | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                social_type_0 = Social.from_dict(data)

                return social_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Social | Unset, data)

        social = _parse_social(d.pop("social", UNSET))

        store_update_in = cls(
            banner_media_id=banner_media_id,
            categories=categories,
            company_name=company_name,
            description=description,
            email=email,
            logo_media_id=logo_media_id,
            phone=phone,
            social=social,
        )

        return store_update_in
