from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddressIn")


@_attrs_define
class AddressIn:
    """DOMAIN §2 Address as a request accepts it (state and country upper-cased; lat/lng required).

    Attributes:
        city (str):
        lat (float):
        line1 (str):
        lng (float):
        postal_code (str):
        state (str):
        country (str | Unset):  Default: 'US'.
        geohash (None | str | Unset):
        line2 (None | str | Unset):
    """

    city: str
    lat: float
    line1: str
    lng: float
    postal_code: str
    state: str
    country: str | Unset = "US"
    geohash: None | str | Unset = UNSET
    line2: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        lat = self.lat

        line1 = self.line1

        lng = self.lng

        postal_code = self.postal_code

        state = self.state

        country = self.country

        geohash: None | str | Unset
        if isinstance(self.geohash, Unset):
            geohash = UNSET
        else:
            geohash = self.geohash

        line2: None | str | Unset
        if isinstance(self.line2, Unset):
            line2 = UNSET
        else:
            line2 = self.line2

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "city": city,
                "lat": lat,
                "line1": line1,
                "lng": lng,
                "postal_code": postal_code,
                "state": state,
            }
        )
        if country is not UNSET:
            field_dict["country"] = country
        if geohash is not UNSET:
            field_dict["geohash"] = geohash
        if line2 is not UNSET:
            field_dict["line2"] = line2

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        city = d.pop("city")

        lat = d.pop("lat")

        line1 = d.pop("line1")

        lng = d.pop("lng")

        postal_code = d.pop("postal_code")

        state = d.pop("state")

        country = d.pop("country", UNSET)

        def _parse_geohash(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        geohash = _parse_geohash(d.pop("geohash", UNSET))

        def _parse_line2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line2 = _parse_line2(d.pop("line2", UNSET))

        address_in = cls(
            city=city,
            lat=lat,
            line1=line1,
            lng=lng,
            postal_code=postal_code,
            state=state,
            country=country,
            geohash=geohash,
            line2=line2,
        )

        return address_in
