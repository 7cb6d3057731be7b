from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.license_ref import LicenseRef
    from ..models.owner_detail import OwnerDetail
    from ..models.store_dto_address import StoreDTOAddress
    from ..models.store_dto_ratings_type_0 import StoreDTORatingsType0
    from ..models.store_dto_social_type_0 import StoreDTOSocialType0


T = TypeVar("T", bound="StoreDTO")


@_attrs_define
class StoreDTO:
    """A store profile (API.md §2). One shape for every reader: for a reader from another store
    the private fields (``owner_detail.email``, ``owner_detail.last_active_at``,
    ``last_active_at``, ``last_logged_in_at``) are present and null.

        Attributes:
            address (StoreDTOAddress):
            company_name (str):
            created_at (datetime.datetime):
            delivery_radius_meters (int):
            id (UUID):
            kyc_status (str):
            owner (UUID):
            subscription_active (bool):
            type_ (str):
            updated_at (datetime.datetime):
            badge (None | str | Unset):
            banner_media_id (None | Unset | UUID):
            banner_url (None | str | Unset):
            categories (list[str] | None | Unset):
            dba_name (None | str | Unset):
            description (None | str | Unset):
            email (None | str | Unset):
            last_active_at (datetime.datetime | None | Unset):
            last_logged_in_at (datetime.datetime | None | Unset):
            licenses (list[LicenseRef] | Unset):
            logo_media_id (None | Unset | UUID):
            logo_url (None | str | Unset):
            owner_detail (None | OwnerDetail | Unset):
            phone (None | str | Unset):
            ratings (None | StoreDTORatingsType0 | Unset):
            social (None | StoreDTOSocialType0 | Unset):
    """

    address: StoreDTOAddress
    company_name: str
    created_at: datetime.datetime
    delivery_radius_meters: int
    id: UUID
    kyc_status: str
    owner: UUID
    subscription_active: bool
    type_: str
    updated_at: datetime.datetime
    badge: None | str | Unset = UNSET
    banner_media_id: None | Unset | UUID = UNSET
    banner_url: None | str | Unset = UNSET
    categories: list[str] | None | Unset = UNSET
    dba_name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    last_active_at: datetime.datetime | None | Unset = UNSET
    last_logged_in_at: datetime.datetime | None | Unset = UNSET
    licenses: list[LicenseRef] | Unset = UNSET
    logo_media_id: None | Unset | UUID = UNSET
    logo_url: None | str | Unset = UNSET
    owner_detail: None | OwnerDetail | Unset = UNSET
    phone: None | str | Unset = UNSET
    ratings: None | StoreDTORatingsType0 | Unset = UNSET
    social: None | StoreDTOSocialType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.owner_detail import OwnerDetail  # noqa: PLC0415
        from ..models.store_dto_ratings_type_0 import StoreDTORatingsType0  # noqa: PLC0415
        from ..models.store_dto_social_type_0 import StoreDTOSocialType0  # noqa: PLC0415

        address = self.address.to_dict()

        company_name = self.company_name

        created_at = self.created_at.isoformat()

        delivery_radius_meters = self.delivery_radius_meters

        id = str(self.id)

        kyc_status = self.kyc_status

        owner = str(self.owner)

        subscription_active = self.subscription_active

        type_ = self.type_

        updated_at = self.updated_at.isoformat()

        badge: None | str | Unset
        if isinstance(self.badge, Unset):
            badge = UNSET
        else:
            badge = self.badge

        banner_media_id: None | str | Unset
        if isinstance(self.banner_media_id, Unset):
            banner_media_id = UNSET
        elif isinstance(self.banner_media_id, UUID):
            banner_media_id = str(self.banner_media_id)
        else:
            banner_media_id = self.banner_media_id

        banner_url: None | str | Unset
        if isinstance(self.banner_url, Unset):
            banner_url = UNSET
        else:
            banner_url = self.banner_url

        categories: list[str] | None | Unset
        if isinstance(self.categories, Unset):
            categories = UNSET
        elif isinstance(self.categories, list):
            categories = self.categories

        else:
            categories = self.categories

        dba_name: None | str | Unset
        if isinstance(self.dba_name, Unset):
            dba_name = UNSET
        else:
            dba_name = self.dba_name

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

        last_active_at: None | str | Unset
        if isinstance(self.last_active_at, Unset):
            last_active_at = UNSET
        elif isinstance(self.last_active_at, datetime.datetime):
            last_active_at = self.last_active_at.isoformat()
        else:
            last_active_at = self.last_active_at

        last_logged_in_at: None | str | Unset
        if isinstance(self.last_logged_in_at, Unset):
            last_logged_in_at = UNSET
        elif isinstance(self.last_logged_in_at, datetime.datetime):
            last_logged_in_at = self.last_logged_in_at.isoformat()
        else:
            last_logged_in_at = self.last_logged_in_at

        licenses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.licenses, Unset):
            licenses = []
            for licenses_item_data in self.licenses:
                licenses_item = licenses_item_data.to_dict()
                licenses.append(licenses_item)

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

        owner_detail: dict[str, Any] | None | Unset
        if isinstance(self.owner_detail, Unset):
            owner_detail = UNSET
        elif isinstance(self.owner_detail, OwnerDetail):
            owner_detail = self.owner_detail.to_dict()
        else:
            owner_detail = self.owner_detail

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        ratings: dict[str, Any] | None | Unset
        if isinstance(self.ratings, Unset):
            ratings = UNSET
        elif isinstance(self.ratings, StoreDTORatingsType0):
            ratings = self.ratings.to_dict()
        else:
            ratings = self.ratings

        social: dict[str, Any] | None | Unset
        if isinstance(self.social, Unset):
            social = UNSET
        elif isinstance(self.social, StoreDTOSocialType0):
            social = self.social.to_dict()
        else:
            social = self.social

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "address": address,
                "company_name": company_name,
                "created_at": created_at,
                "delivery_radius_meters": delivery_radius_meters,
                "id": id,
                "kyc_status": kyc_status,
                "owner": owner,
                "subscription_active": subscription_active,
                "type": type_,
                "updated_at": updated_at,
            }
        )
        if badge is not UNSET:
            field_dict["badge"] = badge
        if banner_media_id is not UNSET:
            field_dict["banner_media_id"] = banner_media_id
        if banner_url is not UNSET:
            field_dict["banner_url"] = banner_url
        if categories is not UNSET:
            field_dict["categories"] = categories
        if dba_name is not UNSET:
            field_dict["dba_name"] = dba_name
        if description is not UNSET:
            field_dict["description"] = description
        if email is not UNSET:
            field_dict["email"] = email
        if last_active_at is not UNSET:
            field_dict["last_active_at"] = last_active_at
        if last_logged_in_at is not UNSET:
            field_dict["last_logged_in_at"] = last_logged_in_at
        if licenses is not UNSET:
            field_dict["licenses"] = licenses
        if logo_media_id is not UNSET:
            field_dict["logo_media_id"] = logo_media_id
        if logo_url is not UNSET:
            field_dict["logo_url"] = logo_url
        if owner_detail is not UNSET:
            field_dict["owner_detail"] = owner_detail
        if phone is not UNSET:
            field_dict["phone"] = phone
        if ratings is not UNSET:
            field_dict["ratings"] = ratings
        if social is not UNSET:
            field_dict["social"] = social

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.license_ref import LicenseRef  # noqa: PLC0415
        from ..models.owner_detail import OwnerDetail  # noqa: PLC0415
        from ..models.store_dto_address import StoreDTOAddress  # noqa: PLC0415
        from ..models.store_dto_ratings_type_0 import StoreDTORatingsType0  # noqa: PLC0415
        from ..models.store_dto_social_type_0 import StoreDTOSocialType0  # noqa: PLC0415

        d = dict(src_dict)
        address = StoreDTOAddress.from_dict(d.pop("address"))

        company_name = d.pop("company_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        delivery_radius_meters = d.pop("delivery_radius_meters")

        id = UUID(d.pop("id"))

        kyc_status = d.pop("kyc_status")

        owner = UUID(d.pop("owner"))

        subscription_active = d.pop("subscription_active")

        type_ = d.pop("type")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_badge(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        badge = _parse_badge(d.pop("badge", UNSET))

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

        def _parse_banner_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        banner_url = _parse_banner_url(d.pop("banner_url", UNSET))

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

        def _parse_dba_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dba_name = _parse_dba_name(d.pop("dba_name", UNSET))

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

        def _parse_last_active_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_active_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_active_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_active_at = _parse_last_active_at(d.pop("last_active_at", UNSET))

        def _parse_last_logged_in_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_logged_in_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_logged_in_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_logged_in_at = _parse_last_logged_in_at(d.pop("last_logged_in_at", UNSET))

        _licenses = d.pop("licenses", UNSET)
        licenses: list[LicenseRef] | Unset = UNSET
        if _licenses is not UNSET:
            licenses = []
            for licenses_item_data in _licenses:
                licenses_item = LicenseRef.from_dict(licenses_item_data)

                licenses.append(licenses_item)

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

        def _parse_owner_detail(data: object) -> None | OwnerDetail | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_detail_type_0 = OwnerDetail.from_dict(data)

                return owner_detail_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OwnerDetail | Unset, data)

        owner_detail = _parse_owner_detail(d.pop("owner_detail", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_ratings(data: object) -> None | StoreDTORatingsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ratings_type_0 = StoreDTORatingsType0.from_dict(data)

                return ratings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StoreDTORatingsType0 | Unset, data)

        ratings = _parse_ratings(d.pop("ratings", UNSET))

        def _parse_social(data: object) -> None | StoreDTOSocialType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                social_type_0 = StoreDTOSocialType0.from_dict(data)

                return social_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StoreDTOSocialType0 | Unset, data)

        social = _parse_social(d.pop("social", UNSET))

        store_dto = cls(
            address=address,
            company_name=company_name,
            created_at=created_at,
            delivery_radius_meters=delivery_radius_meters,
            id=id,
            kyc_status=kyc_status,
            owner=owner,
            subscription_active=subscription_active,
            type_=type_,
            updated_at=updated_at,
            badge=badge,
            banner_media_id=banner_media_id,
            banner_url=banner_url,
            categories=categories,
            dba_name=dba_name,
            description=description,
            email=email,
            last_active_at=last_active_at,
            last_logged_in_at=last_logged_in_at,
            licenses=licenses,
            logo_media_id=logo_media_id,
            logo_url=logo_url,
            owner_detail=owner_detail,
            phone=phone,
            ratings=ratings,
            social=social,
        )

        store_dto.additional_properties = d
        return store_dto

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
