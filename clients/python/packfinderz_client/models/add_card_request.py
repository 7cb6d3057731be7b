from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AddCardRequest")


@_attrs_define
class AddCardRequest:
    """
    Attributes:
        payment_method_id (str):
        cardholder_name (None | str | Unset):
        is_default (bool | Unset):  Default: False.
    """

    payment_method_id: str
    cardholder_name: None | str | Unset = UNSET
    is_default: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        payment_method_id = self.payment_method_id

        cardholder_name: None | str | Unset
        if isinstance(self.cardholder_name, Unset):
            cardholder_name = UNSET
        else:
            cardholder_name = self.cardholder_name

        is_default = self.is_default

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "payment_method_id": payment_method_id,
            }
        )
        if cardholder_name is not UNSET:
            field_dict["cardholder_name"] = cardholder_name
        if is_default is not UNSET:
            field_dict["is_default"] = is_default

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payment_method_id = d.pop("payment_method_id")

        def _parse_cardholder_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cardholder_name = _parse_cardholder_name(d.pop("cardholder_name", UNSET))

        is_default = d.pop("is_default", UNSET)

        add_card_request = cls(
            payment_method_id=payment_method_id,
            cardholder_name=cardholder_name,
            is_default=is_default,
        )

        return add_card_request
