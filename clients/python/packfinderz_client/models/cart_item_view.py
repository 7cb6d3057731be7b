from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.applied_volume_discount import AppliedVolumeDiscount
    from ..models.warning import Warning_


T = TypeVar("T", bound="CartItemView")


@_attrs_define
class CartItemView:
    """
    Attributes:
        created_at (datetime.datetime):
        effective_unit_price_cents (int):
        id (UUID):
        line_discounts_cents (int):
        line_subtotal_cents (int):
        line_total_cents (int):
        moq (int):
        product_id (UUID):
        quantity (int):
        status (str):
        title (str):
        unit (str):
        unit_price_cents (int):
        updated_at (datetime.datetime):
        vendor_store_id (UUID):
        vendor_store_name (str):
        warnings (list[Warning_]):
        applied_volume_discount (AppliedVolumeDiscount | None | Unset):
        max_qty (int | None | Unset):
        thumbnail (None | str | Unset):
    """

    created_at: datetime.datetime
    effective_unit_price_cents: int
    id: UUID
    line_discounts_cents: int
    line_subtotal_cents: int
    line_total_cents: int
    moq: int
    product_id: UUID
    quantity: int
    status: str
    title: str
    unit: str
    unit_price_cents: int
    updated_at: datetime.datetime
    vendor_store_id: UUID
    vendor_store_name: str
    warnings: list[Warning_]
    applied_volume_discount: AppliedVolumeDiscount | None | Unset = UNSET
    max_qty: int | None | Unset = UNSET
    thumbnail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.applied_volume_discount import AppliedVolumeDiscount  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        effective_unit_price_cents = self.effective_unit_price_cents

        id = str(self.id)

        line_discounts_cents = self.line_discounts_cents

        line_subtotal_cents = self.line_subtotal_cents

        line_total_cents = self.line_total_cents

        moq = self.moq

        product_id = str(self.product_id)

        quantity = self.quantity

        status = self.status

        title = self.title

        unit = self.unit

        unit_price_cents = self.unit_price_cents

        updated_at = self.updated_at.isoformat()

        vendor_store_id = str(self.vendor_store_id)

        vendor_store_name = self.vendor_store_name

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item = warnings_item_data.to_dict()
            warnings.append(warnings_item)

        applied_volume_discount: dict[str, Any] | None | Unset
        if isinstance(self.applied_volume_discount, Unset):
            applied_volume_discount = UNSET
        elif isinstance(self.applied_volume_discount, AppliedVolumeDiscount):
            applied_volume_discount = self.applied_volume_discount.to_dict()
        else:
            applied_volume_discount = self.applied_volume_discount

        max_qty: int | None | Unset
        if isinstance(self.max_qty, Unset):
            max_qty = UNSET
        else:
            max_qty = self.max_qty

        thumbnail: None | str | Unset
        if isinstance(self.thumbnail, Unset):
            thumbnail = UNSET
        else:
            thumbnail = self.thumbnail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "effective_unit_price_cents": effective_unit_price_cents,
                "id": id,
                "line_discounts_cents": line_discounts_cents,
                "line_subtotal_cents": line_subtotal_cents,
                "line_total_cents": line_total_cents,
                "moq": moq,
                "product_id": product_id,
                "quantity": quantity,
                "status": status,
                "title": title,
                "unit": unit,
                "unit_price_cents": unit_price_cents,
                "updated_at": updated_at,
                "vendor_store_id": vendor_store_id,
                "vendor_store_name": vendor_store_name,
                "warnings": warnings,
            }
        )
        if applied_volume_discount is not UNSET:
            field_dict["applied_volume_discount"] = applied_volume_discount
        if max_qty is not UNSET:
            field_dict["max_qty"] = max_qty
        if thumbnail is not UNSET:
            field_dict["thumbnail"] = thumbnail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.applied_volume_discount import AppliedVolumeDiscount  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        effective_unit_price_cents = d.pop("effective_unit_price_cents")

        id = UUID(d.pop("id"))

        line_discounts_cents = d.pop("line_discounts_cents")

        line_subtotal_cents = d.pop("line_subtotal_cents")

        line_total_cents = d.pop("line_total_cents")

        moq = d.pop("moq")

        product_id = UUID(d.pop("product_id"))

        quantity = d.pop("quantity")

        status = d.pop("status")

        title = d.pop("title")

        unit = d.pop("unit")

        unit_price_cents = d.pop("unit_price_cents")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        vendor_store_name = d.pop("vendor_store_name")

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:
            warnings_item = Warning_.from_dict(warnings_item_data)

            warnings.append(warnings_item)

        def _parse_applied_volume_discount(data: object) -> AppliedVolumeDiscount | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                applied_volume_discount_type_0 = AppliedVolumeDiscount.from_dict(data)

                return applied_volume_discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AppliedVolumeDiscount | None | Unset, data)

        applied_volume_discount = _parse_applied_volume_discount(d.pop("applied_volume_discount", UNSET))

        def _parse_max_qty(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_qty = _parse_max_qty(d.pop("max_qty", UNSET))

        def _parse_thumbnail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail = _parse_thumbnail(d.pop("thumbnail", UNSET))

        cart_item_view = cls(
            created_at=created_at,
            effective_unit_price_cents=effective_unit_price_cents,
            id=id,
            line_discounts_cents=line_discounts_cents,
            line_subtotal_cents=line_subtotal_cents,
            line_total_cents=line_total_cents,
            moq=moq,
            product_id=product_id,
            quantity=quantity,
            status=status,
            title=title,
            unit=unit,
            unit_price_cents=unit_price_cents,
            updated_at=updated_at,
            vendor_store_id=vendor_store_id,
            vendor_store_name=vendor_store_name,
            warnings=warnings,
            applied_volume_discount=applied_volume_discount,
            max_qty=max_qty,
            thumbnail=thumbnail,
        )

        cart_item_view.additional_properties = d
        return cart_item_view

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
