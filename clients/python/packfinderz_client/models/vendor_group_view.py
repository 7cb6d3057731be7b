from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vendor_group_view_promo_type_0 import VendorGroupViewPromoType0
    from ..models.warning import Warning_


T = TypeVar("T", bound="VendorGroupView")


@_attrs_define
class VendorGroupView:
    """
    Attributes:
        discounts_cents (int):
        line_discounts_cents (int):
        promo_discount_cents (int):
        status (str):
        subtotal_cents (int):
        total_cents (int):
        vendor_store_id (UUID):
        warnings (list[Warning_]):
        promo (None | Unset | VendorGroupViewPromoType0):
    """

    discounts_cents: int
    line_discounts_cents: int
    promo_discount_cents: int
    status: str
    subtotal_cents: int
    total_cents: int
    vendor_store_id: UUID
    warnings: list[Warning_]
    promo: None | Unset | VendorGroupViewPromoType0 = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.vendor_group_view_promo_type_0 import VendorGroupViewPromoType0  # noqa: PLC0415

        discounts_cents = self.discounts_cents

        line_discounts_cents = self.line_discounts_cents

        promo_discount_cents = self.promo_discount_cents

        status = self.status

        subtotal_cents = self.subtotal_cents

        total_cents = self.total_cents

        vendor_store_id = str(self.vendor_store_id)

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        promo: dict[str, Any] | None | Unset
        if isinstance(self.promo, Unset):
            promo = UNSET
        elif isinstance(self.promo, VendorGroupViewPromoType0):
            promo = self.promo.to_dict()
        else:
            promo = self.promo

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "discounts_cents": discounts_cents,
                "line_discounts_cents": line_discounts_cents,
                "promo_discount_cents": promo_discount_cents,
                "status": status,
                "subtotal_cents": subtotal_cents,
                "total_cents": total_cents,
                "vendor_store_id": vendor_store_id,
                "warnings": warnings,
            }
        )
        if promo is not UNSET:
            field_dict["promo"] = promo

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vendor_group_view_promo_type_0 import VendorGroupViewPromoType0  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        discounts_cents = d.pop("discounts_cents")

        line_discounts_cents = d.pop("line_discounts_cents")

        promo_discount_cents = d.pop("promo_discount_cents")

        status = d.pop("status")

        subtotal_cents = d.pop("subtotal_cents")

        total_cents = d.pop("total_cents")

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        def _parse_promo(data: object) -> None | Unset | VendorGroupViewPromoType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                promo_type_0 = VendorGroupViewPromoType0.from_dict(data)

                return promo_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VendorGroupViewPromoType0, data)

        promo = _parse_promo(d.pop("promo", UNSET))

        vendor_group_view = cls(
            discounts_cents=discounts_cents,
            line_discounts_cents=line_discounts_cents,
            promo_discount_cents=promo_discount_cents,
            status=status,
            subtotal_cents=subtotal_cents,
            total_cents=total_cents,
            vendor_store_id=vendor_store_id,
            warnings=warnings,
            promo=promo,
        )

        vendor_group_view.additional_properties = d
        return vendor_group_view

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
