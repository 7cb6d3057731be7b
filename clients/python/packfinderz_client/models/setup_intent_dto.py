from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.setup_intent_dto_provider import SetupIntentDTOProvider

T = TypeVar("T", bound="SetupIntentDTO")


@_attrs_define
class SetupIntentDTO:
    """
    Attributes:
        client_secret (str):
        provider (SetupIntentDTOProvider):
    """

    client_secret: str
    provider: SetupIntentDTOProvider
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_secret = self.client_secret

        provider = self.provider.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_secret": client_secret,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_secret = d.pop("client_secret")

        provider = SetupIntentDTOProvider(d.pop("provider"))

        setup_intent_dto = cls(
            client_secret=client_secret,
            provider=provider,
        )

        setup_intent_dto.additional_properties = d
        return setup_intent_dto

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
