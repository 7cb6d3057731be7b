from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inventory_dto import InventoryDTO
    from ..models.product_media_dto import ProductMediaDTO
    from ..models.vendor_dto import VendorDTO
    from ..models.volume_discount_dto import VolumeDiscountDTO


T = TypeVar("T", bound="ProductDTO")


@_attrs_define
class ProductDTO:
    """
    Attributes:
        category (str):
        coa_added (bool):
        created_at (datetime.datetime):
        feelings (list[str]):
        flavors (list[str]):
        has_promo (bool):
        id (UUID):
        inventory (InventoryDTO):
        is_active (bool):
        is_featured (bool):
        max_qty (int):
        media (list[ProductMediaDTO]):
        moq (int):
        price_cents (int):
        sku (str):
        title (str):
        unit (str):
        updated_at (datetime.datetime):
        usage (list[str]):
        vendor (VendorDTO):
        vendor_store_id (UUID):
        volume_discounts (list[VolumeDiscountDTO]):
        barcode (None | str | Unset):
        batch_id (None | str | Unset):
        body_html (None | str | Unset):
        cbd_percent (float | None | Unset):
        classification (None | str | Unset):
        coa_media_id (None | Unset | UUID):
        coa_read_url (None | str | Unset):
        compare_at_price_cents (int | None | Unset):
        metric_tag (None | str | Unset):
        packaging_type (None | str | Unset):
        strain (None | str | Unset):
        subtitle (None | str | Unset):
        thc_percent (float | None | Unset):
        thumbnail_url (None | str | Unset):
    """

    category: str
    coa_added: bool
    created_at: datetime.datetime
    feelings: list[str]
    flavors: list[str]
    has_promo: bool
    id: UUID
    inventory: InventoryDTO
    is_active: bool
    is_featured: bool
    max_qty: int
    media: list[ProductMediaDTO]
    moq: int
    price_cents: int
    sku: str
    title: str
    unit: str
    updated_at: datetime.datetime
    usage: list[str]
    vendor: VendorDTO
    vendor_store_id: UUID
    volume_discounts: list[VolumeDiscountDTO]
    barcode: None | str | Unset = UNSET
    batch_id: None | str | Unset = UNSET
    body_html: None | str | Unset = UNSET
    cbd_percent: float | None | Unset = UNSET
    classification: None | str | Unset = UNSET
    coa_media_id: None | Unset | UUID = UNSET
    coa_read_url: None | str | Unset = UNSET
    compare_at_price_cents: int | None | Unset = UNSET
    metric_tag: None | str | Unset = UNSET
    packaging_type: None | str | Unset = UNSET
    strain: None | str | Unset = UNSET
    subtitle: None | str | Unset = UNSET
    thc_percent: float | None | Unset = UNSET
    thumbnail_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        coa_added = self.coa_added

        created_at = self.created_at.isoformat()

        feelings = self.feelings

        flavors = self.flavors

        has_promo = self.has_promo

        id = str(self.id)

        inventory = self.inventory.to_dict()

        is_active = self.is_active

        is_featured = self.is_featured

        max_qty = self.max_qty

        media = []
        for media_item_data in self.media:
            media_item = media_item_data.to_dict()
            media.append(media_item)

        moq = self.moq

        price_cents = self.price_cents

        sku = self.sku

        title = self.title

        unit = self.unit

        updated_at = self.updated_at.isoformat()

        usage = self.usage

        vendor = self.vendor.to_dict()

        vendor_store_id = str(self.vendor_store_id)

        volume_discounts = []
        for volume_discounts_item_data in self.volume_discounts:
            volume_discounts_item = volume_discounts_item_data.to_dict()
            volume_discounts.append(volume_discounts_item)

        barcode: None | str | Unset
        if isinstance(self.barcode, Unset):
            barcode = UNSET
        else:
            barcode = self.barcode

        batch_id: None | str | Unset
        if isinstance(self.batch_id, Unset):
            batch_id = UNSET
        else:
            batch_id = self.batch_id

        body_html: None | str | Unset
        if isinstance(self.body_html, Unset):
            body_html = UNSET
        else:
            body_html = self.body_html

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

        coa_media_id: None | str | Unset
        if isinstance(self.coa_media_id, Unset):
            coa_media_id = UNSET
        elif isinstance(self.coa_media_id, UUID):
            coa_media_id = str(self.coa_media_id)
        else:
            coa_media_id = self.coa_media_id

        coa_read_url: None | str | Unset
        if isinstance(self.coa_read_url, Unset):
            coa_read_url = UNSET
        else:
            coa_read_url = self.coa_read_url

        compare_at_price_cents: int | None | Unset
        if isinstance(self.compare_at_price_cents, Unset):
            compare_at_price_cents = UNSET
        else:
            compare_at_price_cents = self.compare_at_price_cents

        metric_tag: None | str | Unset
        if isinstance(self.metric_tag, Unset):
            metric_tag = UNSET
        else:
            metric_tag = self.metric_tag

        packaging_type: None | str | Unset
        if isinstance(self.packaging_type, Unset):
            packaging_type = UNSET
        else:
            packaging_type = self.packaging_type

        strain: None | str | Unset
        if isinstance(self.strain, Unset):
            strain = UNSET
        else:
            strain = self.strain

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
                "feelings": feelings,
                "flavors": flavors,
                "has_promo": has_promo,
                "id": id,
                "inventory": inventory,
                "is_active": is_active,
                "is_featured": is_featured,
                "max_qty": max_qty,
                "media": media,
                "moq": moq,
                "price_cents": price_cents,
                "sku": sku,
                "title": title,
                "unit": unit,
                "updated_at": updated_at,
                "usage": usage,
                "vendor": vendor,
                "vendor_store_id": vendor_store_id,
                "volume_discounts": volume_discounts,
            }
        )
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if body_html is not UNSET:
            field_dict["body_html"] = body_html
        if cbd_percent is not UNSET:
            field_dict["cbd_percent"] = cbd_percent
        if classification is not UNSET:
            field_dict["classification"] = classification
        if coa_media_id is not UNSET:
            field_dict["coa_media_id"] = coa_media_id
        if coa_read_url is not UNSET:
            field_dict["coa_read_url"] = coa_read_url
        if compare_at_price_cents is not UNSET:
            field_dict["compare_at_price_cents"] = compare_at_price_cents
        if metric_tag is not UNSET:
            field_dict["metric_tag"] = metric_tag
        if packaging_type is not UNSET:
            field_dict["packaging_type"] = packaging_type
        if strain is not UNSET:
            field_dict["strain"] = strain
        if subtitle is not UNSET:
            field_dict["subtitle"] = subtitle
        if thc_percent is not UNSET:
            field_dict["thc_percent"] = thc_percent
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inventory_dto import InventoryDTO  # noqa: PLC0415
        from ..models.product_media_dto import ProductMediaDTO  # noqa: PLC0415
        from ..models.vendor_dto import VendorDTO  # noqa: PLC0415
        from ..models.volume_discount_dto import VolumeDiscountDTO  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        coa_added = d.pop("coa_added")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        feelings = cast(list[str], d.pop("feelings"))

        flavors = cast(list[str], d.pop("flavors"))

        has_promo = d.pop("has_promo")

        id = UUID(d.pop("id"))

        inventory = InventoryDTO.from_dict(d.pop("inventory"))

        is_active = d.pop("is_active")

        is_featured = d.pop("is_featured")

        max_qty = d.pop("max_qty")

        media = []
        _media = d.pop("media")
        for media_item_data in _media:
            media_item = ProductMediaDTO.from_dict(media_item_data)

            media.append(media_item)

        moq = d.pop("moq")

        price_cents = d.pop("price_cents")

        sku = d.pop("sku")

        title = d.pop("title")

        unit = d.pop("unit")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        usage = cast(list[str], d.pop("usage"))

        vendor = VendorDTO.from_dict(d.pop("vendor"))

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        volume_discounts = []
        _volume_discounts = d.pop("volume_discounts")
        for volume_discounts_item_data in _volume_discounts:
            volume_discounts_item = VolumeDiscountDTO.from_dict(volume_discounts_item_data)

            volume_discounts.append(volume_discounts_item)

        def _parse_barcode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        barcode = _parse_barcode(d.pop("barcode", UNSET))

        def _parse_batch_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        batch_id = _parse_batch_id(d.pop("batch_id", UNSET))

        def _parse_body_html(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body_html = _parse_body_html(d.pop("body_html", UNSET))

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

        def _parse_coa_media_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                coa_media_id_type_0 = UUID(data)

                return coa_media_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        coa_media_id = _parse_coa_media_id(d.pop("coa_media_id", UNSET))

        def _parse_coa_read_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coa_read_url = _parse_coa_read_url(d.pop("coa_read_url", UNSET))

        def _parse_compare_at_price_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        compare_at_price_cents = _parse_compare_at_price_cents(d.pop("compare_at_price_cents", UNSET))

        def _parse_metric_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        metric_tag = _parse_metric_tag(d.pop("metric_tag", UNSET))

        def _parse_packaging_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        packaging_type = _parse_packaging_type(d.pop("packaging_type", UNSET))

        def _parse_strain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        strain = _parse_strain(d.pop("strain", UNSET))

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

        product_dto = cls(
            category=category,
            coa_added=coa_added,
            created_at=created_at,
            feelings=feelings,
            flavors=flavors,
            has_promo=has_promo,
            id=id,
            inventory=inventory,
            is_active=is_active,
            is_featured=is_featured,
            max_qty=max_qty,
            media=media,
            moq=moq,
            price_cents=price_cents,
            sku=sku,
            title=title,
            unit=unit,
            updated_at=updated_at,
            usage=usage,
            vendor=vendor,
            vendor_store_id=vendor_store_id,
            volume_discounts=volume_discounts,
            barcode=barcode,
            batch_id=batch_id,
            body_html=body_html,
            cbd_percent=cbd_percent,
            classification=classification,
            coa_media_id=coa_media_id,
            coa_read_url=coa_read_url,
            compare_at_price_cents=compare_at_price_cents,
            metric_tag=metric_tag,
            packaging_type=packaging_type,
            strain=strain,
            subtitle=subtitle,
            thc_percent=thc_percent,
            thumbnail_url=thumbnail_url,
        )

        product_dto.additional_properties = d
        return product_dto

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
