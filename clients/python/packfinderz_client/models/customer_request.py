from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="CustomerRequest")


@_attrs_define
class CustomerRequest:
    """
    Attributes:
        store_id (UUID):
    """

    store_id: UUID

    def to_dict(self) -> dict[str, Any]:
        store_id = str(self.store_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "store_id": store_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        store_id = UUID(d.pop("store_id"))

        customer_request = cls(
            store_id=store_id,
        )

        return customer_request
