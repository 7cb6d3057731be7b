from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="VendorPromoIn")


@_attrs_define
class VendorPromoIn:
    """
    Attributes:
        code (str):
        vendor_store_id (UUID):
    """

    code: str
    vendor_store_id: UUID

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        vendor_store_id = str(self.vendor_store_id)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "vendor_store_id": vendor_store_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        vendor_promo_in = cls(
            code=code,
            vendor_store_id=vendor_store_id,
        )

        return vendor_promo_in
