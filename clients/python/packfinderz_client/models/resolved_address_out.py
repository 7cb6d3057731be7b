from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ResolvedAddressOut")


@_attrs_define
class ResolvedAddressOut:
    """DOMAIN §2 Address fields as far as the place determines them: ``line1`` (and
    ``postal_code`` for a city-wide place) may be null; the client completes them.

        Attributes:
            city (str):
            country (str): ISO 3166-1 alpha-2.
            geohash (None | str):
            lat (float):
            line1 (None | str):
            line2 (None | str):
            lng (float):
            postal_code (None | str):
            state (str): 2-letter code, upper-case.
    """

    city: str
    country: str
    geohash: None | str
    lat: float
    line1: None | str
    line2: None | str
    lng: float
    postal_code: None | str
    state: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        city = self.city

        country = self.country

        geohash: None | str
        geohash = self.geohash

        lat = self.lat

        line1: None | str
        line1 = self.line1

        line2: None | str
        line2 = self.line2

        lng = self.lng

        postal_code: None | str
        postal_code = self.postal_code

        state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "city": city,
                "country": country,
                "geohash": geohash,
                "lat": lat,
                "line1": line1,
                "line2": line2,
                "lng": lng,
                "postal_code": postal_code,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        city = d.pop("city")

        country = d.pop("country")

        def _parse_geohash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        geohash = _parse_geohash(d.pop("geohash"))

        lat = d.pop("lat")

        def _parse_line1(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        line1 = _parse_line1(d.pop("line1"))

        def _parse_line2(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        line2 = _parse_line2(d.pop("line2"))

        lng = d.pop("lng")

        def _parse_postal_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        postal_code = _parse_postal_code(d.pop("postal_code"))

        state = d.pop("state")

        resolved_address_out = cls(
            city=city,
            country=country,
            geohash=geohash,
            lat=lat,
            line1=line1,
            line2=line2,
            lng=lng,
            postal_code=postal_code,
            state=state,
        )

        resolved_address_out.additional_properties = d
        return resolved_address_out

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
