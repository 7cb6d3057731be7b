from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LineItemView")


@_attrs_define
class LineItemView:
    """
    Attributes:
        discount_cents (int):
        line_item_id (UUID):
        product_name (str):
        qty (int):
        status (str):
        total_cents (int):
        unit (str):
        unit_price_cents (int):
        notes (None | str | Unset):
        product_id (None | Unset | UUID):
        thumbnail (None | str | Unset):
    """

    discount_cents: int
    line_item_id: UUID
    product_name: str
    qty: int
    status: str
    total_cents: int
    unit: str
    unit_price_cents: int
    notes: None | str | Unset = UNSET
    product_id: None | Unset | UUID = UNSET
    thumbnail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        discount_cents = self.discount_cents

        line_item_id = str(self.line_item_id)

        product_name = self.product_name

        qty = self.qty

        status = self.status

        total_cents = self.total_cents

        unit = self.unit

        unit_price_cents = self.unit_price_cents

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        product_id: None | str | Unset
        if isinstance(self.product_id, Unset):
            product_id = UNSET
        elif isinstance(self.product_id, UUID):
            product_id = str(self.product_id)
        else:
            product_id = self.product_id

        thumbnail: None | str | Unset
        if isinstance(self.thumbnail, Unset):
            thumbnail = UNSET
        else:
            thumbnail = self.thumbnail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "discount_cents": discount_cents,
                "line_item_id": line_item_id,
                "product_name": product_name,
                "qty": qty,
                "status": status,
                "total_cents": total_cents,
                "unit": unit,
                "unit_price_cents": unit_price_cents,
            }
        )
        if notes is not UNSET:
            field_dict["notes"] = notes
        if product_id is not UNSET:
            field_dict["product_id"] = product_id
        if thumbnail is not UNSET:
            field_dict["thumbnail"] = thumbnail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        discount_cents = d.pop("discount_cents")

        line_item_id = UUID(d.pop("line_item_id"))

        product_name = d.pop("product_name")

        qty = d.pop("qty")

        status = d.pop("status")

        total_cents = d.pop("total_cents")

        unit = d.pop("unit")

        unit_price_cents = d.pop("unit_price_cents")

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_product_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                product_id_type_0 = UUID(data)

                return product_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        product_id = _parse_product_id(d.pop("product_id", UNSET))

        def _parse_thumbnail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail = _parse_thumbnail(d.pop("thumbnail", UNSET))

        line_item_view = cls(
            discount_cents=discount_cents,
            line_item_id=line_item_id,
            product_name=product_name,
            qty=qty,
            status=status,
            total_cents=total_cents,
            unit=unit,
            unit_price_cents=unit_price_cents,
            notes=notes,
            product_id=product_id,
            thumbnail=thumbnail,
        )

        line_item_view.additional_properties = d
        return line_item_view

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
