from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.resolved_address_out import ResolvedAddressOut


T = TypeVar("T", bound="DataEnvelopeResolvedAddressOut")


@_attrs_define
class DataEnvelopeResolvedAddressOut:
    """
    Attributes:
        data (ResolvedAddressOut): DOMAIN §2 Address fields as far as the place determines them: ``line1`` (and
            ``postal_code`` for a city-wide place) may be null; the client completes them.
    """

    data: ResolvedAddressOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resolved_address_out import ResolvedAddressOut  # noqa: PLC0415

        d = dict(src_dict)
        data = ResolvedAddressOut.from_dict(d.pop("data"))

        data_envelope_resolved_address_out = cls(
            data=data,
        )

        data_envelope_resolved_address_out.additional_properties = d
        return data_envelope_resolved_address_out

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
