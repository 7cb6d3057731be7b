from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.vendor_summary_dto import VendorSummaryDTO


T = TypeVar("T", bound="ProductSummaryDTO")


@_attrs_define
class ProductSummaryDTO:
    """
    Attributes:
        category (str):
        coa_added (bool):
        created_at (datetime.datetime):
        has_promo (bool):
        id (UUID):
        is_active (bool):
        max_qty (int):
        moq (int):
        price_cents (int):
        sku (str):
        title (str):
        unit (str):
        updated_at (datetime.datetime):
        vendor (VendorSummaryDTO):
        vendor_store_id (UUID):
        cbd_percent (float | None | Unset):
        classification (None | str | Unset):
        compare_at_price_cents (int | None | Unset):
        subtitle (None | str | Unset):
        thc_percent (float | None | Unset):
        thumbnail_url (None | str | Unset):
    """

    category: str
    coa_added: bool
    created_at: datetime.datetime
    has_promo: bool
    id: UUID
    is_active: bool
    max_qty: int
    moq: int
    price_cents: int
    sku: str
    title: str
    unit: str
    updated_at: datetime.datetime
    vendor: VendorSummaryDTO
    vendor_store_id: UUID
    cbd_percent: float | None | Unset = UNSET
    classification: None | str | Unset = UNSET
    compare_at_price_cents: int | None | Unset = UNSET
    subtitle: None | str | Unset = UNSET
    thc_percent: float | None | Unset = UNSET
    thumbnail_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        coa_added = self.coa_added

        created_at = self.created_at.isoformat()

        has_promo = self.has_promo

        id = str(self.id)

        is_active = self.is_active

        max_qty = self.max_qty

        moq = self.moq

        price_cents = self.price_cents

        sku = self.sku

        title = self.title

        unit = self.unit

        updated_at = self.updated_at.isoformat()

        vendor = self.vendor.to_dict()

        vendor_store_id = str(self.vendor_store_id)

        cbd_percent: float | None | Unset
        if isinstance(self.cbd_percent, Unset):
            cbd_percent = UNSET
        else:
            cbd_percent = self.cbd_percent

        classification: None | str | Unset
        if isinstance(self.classification, Unset):
            classification = UNSET
        else:
            classification = self.classification

        compare_at_price_cents: int | None | Unset
        if isinstance(self.compare_at_price_cents, Unset):
            compare_at_price_cents = UNSET
        else:
            compare_at_price_cents = self.compare_at_price_cents

        subtitle: None | str | Unset
        if isinstance(self.subtitle, Unset):
            subtitle = UNSET
        else:
            subtitle = self.subtitle

        thc_percent: float | None | Unset
        if isinstance(self.thc_percent, Unset):
            thc_percent = UNSET
        else:
            thc_percent = self.thc_percent

        thumbnail_url: None | str | Unset
        if isinstance(self.thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = self.thumbnail_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "coa_added": coa_added,
                "created_at": created_at,
                "has_promo": has_promo,
                "id": id,
                "is_active": is_active,
                "max_qty": max_qty,
                "moq": moq,
                "price_cents": price_cents,
                "sku": sku,
                "title": title,
                "unit": unit,
                "updated_at": updated_at,
                "vendor": vendor,
                "vendor_store_id": vendor_store_id,
            }
        )
        if cbd_percent is not UNSET:
            field_dict["cbd_percent"] = cbd_percent
        if classification is not UNSET:
            field_dict["classification"] = classification
        if compare_at_price_cents is not UNSET:
            field_dict["compare_at_price_cents"] = compare_at_price_cents
        if subtitle is not UNSET:
            field_dict["subtitle"] = subtitle
        if thc_percent is not UNSET:
            field_dict["thc_percent"] = thc_percent
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vendor_summary_dto import VendorSummaryDTO  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        coa_added = d.pop("coa_added")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        has_promo = d.pop("has_promo")

        id = UUID(d.pop("id"))

        is_active = d.pop("is_active")

        max_qty = d.pop("max_qty")

        moq = d.pop("moq")

        price_cents = d.pop("price_cents")

        sku = d.pop("sku")

        title = d.pop("title")

        unit = d.pop("unit")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        vendor = VendorSummaryDTO.from_dict(d.pop("vendor"))

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        def _parse_cbd_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cbd_percent = _parse_cbd_percent(d.pop("cbd_percent", UNSET))

        def _parse_classification(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        classification = _parse_classification(d.pop("classification", UNSET))

        def _parse_compare_at_price_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        compare_at_price_cents = _parse_compare_at_price_cents(d.pop("compare_at_price_cents", UNSET))

        def _parse_subtitle(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subtitle = _parse_subtitle(d.pop("subtitle", UNSET))

        def _parse_thc_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        thc_percent = _parse_thc_percent(d.pop("thc_percent", UNSET))

        def _parse_thumbnail_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnail_url", UNSET))

        product_summary_dto = cls(
            category=category,
            coa_added=coa_added,
            created_at=created_at,
            has_promo=has_promo,
            id=id,
            is_active=is_active,
            max_qty=max_qty,
            moq=moq,
            price_cents=price_cents,
            sku=sku,
            title=title,
            unit=unit,
            updated_at=updated_at,
            vendor=vendor,
            vendor_store_id=vendor_store_id,
            cbd_percent=cbd_percent,
            classification=classification,
            compare_at_price_cents=compare_at_price_cents,
            subtitle=subtitle,
            thc_percent=thc_percent,
            thumbnail_url=thumbnail_url,
        )

        product_summary_dto.additional_properties = d
        return product_summary_dto

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
