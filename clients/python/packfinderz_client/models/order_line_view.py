from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrderLineView")


@_attrs_define
class OrderLineView:
    """
    Attributes:
        category (str):
        discount_cents (int):
        id (UUID):
        name (str):
        quantity (int):
        status (str):
        total_cents (int):
        unit (str):
        unit_price_cents (int):
        classification (None | str | Unset):
        notes (None | str | Unset):
        strain (None | str | Unset):
        thumbnail (None | str | Unset):
    """

    category: str
    discount_cents: int
    id: UUID
    name: str
    quantity: int
    status: str
    total_cents: int
    unit: str
    unit_price_cents: int
    classification: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET
    strain: None | str | Unset = UNSET
    thumbnail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        discount_cents = self.discount_cents

        id = str(self.id)

        name = self.name

        quantity = self.quantity

        status = self.status

        total_cents = self.total_cents

        unit = self.unit

        unit_price_cents = self.unit_price_cents

        classification: None | str | Unset
        if isinstance(self.classification, Unset):
            classification = UNSET
        else:
            classification = self.classification

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        strain: None | str | Unset
        if isinstance(self.strain, Unset):
            strain = UNSET
        else:
            strain = self.strain

        thumbnail: None | str | Unset
        if isinstance(self.thumbnail, Unset):
            thumbnail = UNSET
        else:
            thumbnail = self.thumbnail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "discount_cents": discount_cents,
                "id": id,
                "name": name,
                "quantity": quantity,
                "status": status,
                "total_cents": total_cents,
                "unit": unit,
                "unit_price_cents": unit_price_cents,
            }
        )
        if classification is not UNSET:
            field_dict["classification"] = classification
        if notes is not UNSET:
            field_dict["notes"] = notes
        if strain is not UNSET:
            field_dict["strain"] = strain
        if thumbnail is not UNSET:
            field_dict["thumbnail"] = thumbnail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        discount_cents = d.pop("discount_cents")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        quantity = d.pop("quantity")

        status = d.pop("status")

        total_cents = d.pop("total_cents")

        unit = d.pop("unit")

        unit_price_cents = d.pop("unit_price_cents")

        def _parse_classification(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        classification = _parse_classification(d.pop("classification", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_strain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        strain = _parse_strain(d.pop("strain", UNSET))

        def _parse_thumbnail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail = _parse_thumbnail(d.pop("thumbnail", UNSET))

        order_line_view = cls(
            category=category,
            discount_cents=discount_cents,
            id=id,
            name=name,
            quantity=quantity,
            status=status,
            total_cents=total_cents,
            unit=unit,
            unit_price_cents=unit_price_cents,
            classification=classification,
            notes=notes,
            strain=strain,
            thumbnail=thumbnail,
        )

        order_line_view.additional_properties = d
        return order_line_view

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
