from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.jwk_out import JwkOut


T = TypeVar("T", bound="JwksOut")


@_attrs_define
class JwksOut:
    """The keys every service verifies access tokens with (two during a rotation).

    Attributes:
        keys (list[JwkOut]):
    """

    keys: list[JwkOut]

    def to_dict(self) -> dict[str, Any]:
        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "keys": keys,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.jwk_out import JwkOut  # noqa: PLC0415

        d = dict(src_dict)
        keys = []
        _keys = d.pop("keys")
        for keys_item_data in _keys:
            keys_item = JwkOut.from_dict(keys_item_data)

            keys.append(keys_item)

        jwks_out = cls(
            keys=keys,
        )

        return jwks_out
