from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.product_patch_in_category import ProductPatchInCategory
from ..models.product_patch_in_classification_type_0 import ProductPatchInClassificationType0
from ..models.product_patch_in_feelings_item import ProductPatchInFeelingsItem
from ..models.product_patch_in_flavors_item import ProductPatchInFlavorsItem
from ..models.product_patch_in_unit import ProductPatchInUnit
from ..models.product_patch_in_usage_item import ProductPatchInUsageItem
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.inventory_patch_in import InventoryPatchIn
    from ..models.volume_discount_in import VolumeDiscountIn


T = TypeVar("T", bound="ProductPatchIn")


@_attrs_define
class ProductPatchIn:
    """
    Attributes:
        barcode (None | str | Unset):
        batch_id (None | str | Unset):
        body_html (None | str | Unset):
        category (ProductPatchInCategory | Unset):
        cbd_percent (float | None | Unset):
        classification (None | ProductPatchInClassificationType0 | Unset):
        coa_media_id (None | Unset | UUID):
        compare_at_price_cents (int | None | Unset):
        draft_id (None | Unset | UUID):
        feelings (list[ProductPatchInFeelingsItem] | Unset):
        flavors (list[ProductPatchInFlavorsItem] | Unset):
        inventory (InventoryPatchIn | Unset):
        is_active (bool | Unset):
        is_featured (bool | Unset):
        max_qty (int | Unset):
        media_ids (list[UUID] | None | Unset):
        metric_tag (None | str | Unset):
        moq (int | Unset):
        packaging_type (None | str | Unset):
        price_cents (int | Unset):
        sku (str | Unset):
        strain (None | str | Unset):
        subtitle (None | str | Unset):
        thc_percent (float | None | Unset):
        title (str | Unset):
        unit (ProductPatchInUnit | Unset):
        usage (list[ProductPatchInUsageItem] | Unset):
        volume_discounts (list[VolumeDiscountIn] | None | Unset):
    """

    barcode: None | str | Unset = UNSET
    batch_id: None | str | Unset = UNSET
    body_html: None | str | Unset = UNSET
    category: ProductPatchInCategory | Unset = UNSET
    cbd_percent: float | None | Unset = UNSET
    classification: None | ProductPatchInClassificationType0 | Unset = UNSET
    coa_media_id: None | Unset | UUID = UNSET
    compare_at_price_cents: int | None | Unset = UNSET
    draft_id: None | Unset | UUID = UNSET
    feelings: list[ProductPatchInFeelingsItem] | Unset = UNSET
    flavors: list[ProductPatchInFlavorsItem] | Unset = UNSET
    inventory: InventoryPatchIn | Unset = UNSET
    is_active: bool | Unset = UNSET
    is_featured: bool | Unset = UNSET
    max_qty: int | Unset = UNSET
    media_ids: list[UUID] | None | Unset = UNSET
    metric_tag: None | str | Unset = UNSET
    moq: int | Unset = UNSET
    packaging_type: None | str | Unset = UNSET
    price_cents: int | Unset = UNSET
    sku: str | Unset = UNSET
    strain: None | str | Unset = UNSET
    subtitle: None | str | Unset = UNSET
    thc_percent: float | None | Unset = UNSET
    title: str | Unset = UNSET
    unit: ProductPatchInUnit | Unset = UNSET
    usage: list[ProductPatchInUsageItem] | Unset = UNSET
    volume_discounts: list[VolumeDiscountIn] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
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

        category: str | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category.value

        cbd_percent: float | None | Unset
        if isinstance(self.cbd_percent, Unset):
            cbd_percent = UNSET
        else:
            cbd_percent = self.cbd_percent

        classification: None | str | Unset
        if isinstance(self.classification, Unset):
            classification = UNSET
        elif isinstance(self.classification, ProductPatchInClassificationType0):
            classification = self.classification.value
        else:
            classification = self.classification

        coa_media_id: None | str | Unset
        if isinstance(self.coa_media_id, Unset):
            coa_media_id = UNSET
        elif isinstance(self.coa_media_id, UUID):
            coa_media_id = str(self.coa_media_id)
        else:
            coa_media_id = self.coa_media_id

        compare_at_price_cents: int | None | Unset
        if isinstance(self.compare_at_price_cents, Unset):
            compare_at_price_cents = UNSET
        else:
            compare_at_price_cents = self.compare_at_price_cents

        draft_id: None | str | Unset
        if isinstance(self.draft_id, Unset):
            draft_id = UNSET
        elif isinstance(self.draft_id, UUID):
            draft_id = str(self.draft_id)
        else:
            draft_id = self.draft_id

        feelings: list[str] | Unset = UNSET
        if not isinstance(self.feelings, Unset):
            feelings = []
            for feelings_item_data in self.feelings:
                feelings_item = feelings_item_data.value
                feelings.append(feelings_item)

        flavors: list[str] | Unset = UNSET
        if not isinstance(self.flavors, Unset):
            flavors = []
            for flavors_item_data in self.flavors:
                flavors_item = flavors_item_data.value
                flavors.append(flavors_item)

        inventory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inventory, Unset):
            inventory = self.inventory.to_dict()

        is_active = self.is_active

        is_featured = self.is_featured

        max_qty = self.max_qty

        media_ids: list[str] | None | Unset
        if isinstance(self.media_ids, Unset):
            media_ids = UNSET
        elif isinstance(self.media_ids, list):
            media_ids = []
            for media_ids_type_0_item_data in self.media_ids:
                media_ids_type_0_item = str(media_ids_type_0_item_data)
                media_ids.append(media_ids_type_0_item)

        else:
            media_ids = self.media_ids

        metric_tag: None | str | Unset
        if isinstance(self.metric_tag, Unset):
            metric_tag = UNSET
        else:
            metric_tag = self.metric_tag

        moq = self.moq

        packaging_type: None | str | Unset
        if isinstance(self.packaging_type, Unset):
            packaging_type = UNSET
        else:
            packaging_type = self.packaging_type

        price_cents = self.price_cents

        sku = self.sku

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

        title = self.title

        unit: str | Unset = UNSET
        if not isinstance(self.unit, Unset):
            unit = self.unit.value

        usage: list[str] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = []
            for usage_item_data in self.usage:
                usage_item = usage_item_data.value
                usage.append(usage_item)

        volume_discounts: list[dict[str, Any]] | None | Unset
        if isinstance(self.volume_discounts, Unset):
            volume_discounts = UNSET
        elif isinstance(self.volume_discounts, list):
            volume_discounts = []
            for volume_discounts_type_0_item_data in self.volume_discounts:
                volume_discounts_type_0_item = volume_discounts_type_0_item_data.to_dict()
                volume_discounts.append(volume_discounts_type_0_item)

        else:
            volume_discounts = self.volume_discounts

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if barcode is not UNSET:
            field_dict["barcode"] = barcode
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if body_html is not UNSET:
            field_dict["body_html"] = body_html
        if category is not UNSET:
            field_dict["category"] = category
        if cbd_percent is not UNSET:
            field_dict["cbd_percent"] = cbd_percent
        if classification is not UNSET:
            field_dict["classification"] = classification
        if coa_media_id is not UNSET:
            field_dict["coa_media_id"] = coa_media_id
        if compare_at_price_cents is not UNSET:
            field_dict["compare_at_price_cents"] = compare_at_price_cents
        if draft_id is not UNSET:
            field_dict["draft_id"] = draft_id
        if feelings is not UNSET:
            field_dict["feelings"] = feelings
        if flavors is not UNSET:
            field_dict["flavors"] = flavors
        if inventory is not UNSET:
            field_dict["inventory"] = inventory
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if is_featured is not UNSET:
            field_dict["is_featured"] = is_featured
        if max_qty is not UNSET:
            field_dict["max_qty"] = max_qty
        if media_ids is not UNSET:
            field_dict["media_ids"] = media_ids
        if metric_tag is not UNSET:
            field_dict["metric_tag"] = metric_tag
        if moq is not UNSET:
            field_dict["moq"] = moq
        if packaging_type is not UNSET:
            field_dict["packaging_type"] = packaging_type
        if price_cents is not UNSET:
            field_dict["price_cents"] = price_cents
        if sku is not UNSET:
            field_dict["sku"] = sku
        if strain is not UNSET:
            field_dict["strain"] = strain
        if subtitle is not UNSET:
            field_dict["subtitle"] = subtitle
        if thc_percent is not UNSET:
            field_dict["thc_percent"] = thc_percent
        if title is not UNSET:
            field_dict["title"] = title
        if unit is not UNSET:
            field_dict["unit"] = unit
        if usage is not UNSET:
            field_dict["usage"] = usage
        if volume_discounts is not UNSET:
            field_dict["volume_discounts"] = volume_discounts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.inventory_patch_in import InventoryPatchIn  # noqa: PLC0415
        from ..models.volume_discount_in import VolumeDiscountIn  # noqa: PLC0415

        d = dict(src_dict)

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

        _category = d.pop("category", UNSET)
        category: ProductPatchInCategory | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = ProductPatchInCategory(_category)

        def _parse_cbd_percent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        cbd_percent = _parse_cbd_percent(d.pop("cbd_percent", UNSET))

        def _parse_classification(data: object) -> None | ProductPatchInClassificationType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                classification_type_0 = ProductPatchInClassificationType0(data)

                return classification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductPatchInClassificationType0 | Unset, data)

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

        def _parse_compare_at_price_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        compare_at_price_cents = _parse_compare_at_price_cents(d.pop("compare_at_price_cents", UNSET))

        def _parse_draft_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                draft_id_type_0 = UUID(data)

                return draft_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        draft_id = _parse_draft_id(d.pop("draft_id", UNSET))

        _feelings = d.pop("feelings", UNSET)
        feelings: list[ProductPatchInFeelingsItem] | Unset = UNSET
        if _feelings is not UNSET:
            feelings = []
            for feelings_item_data in _feelings:
                feelings_item = ProductPatchInFeelingsItem(feelings_item_data)

                feelings.append(feelings_item)

        _flavors = d.pop("flavors", UNSET)
        flavors: list[ProductPatchInFlavorsItem] | Unset = UNSET
        if _flavors is not UNSET:
            flavors = []
            for flavors_item_data in _flavors:
                flavors_item = ProductPatchInFlavorsItem(flavors_item_data)

                flavors.append(flavors_item)

        _inventory = d.pop("inventory", UNSET)
        inventory: InventoryPatchIn | Unset
        if isinstance(_inventory, Unset):
            inventory = UNSET
        else:
            inventory = InventoryPatchIn.from_dict(_inventory)

        is_active = d.pop("is_active", UNSET)

        is_featured = d.pop("is_featured", UNSET)

        max_qty = d.pop("max_qty", UNSET)

        def _parse_media_ids(data: object) -> list[UUID] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                media_ids_type_0 = []
                _media_ids_type_0 = data
                for media_ids_type_0_item_data in _media_ids_type_0:
                    media_ids_type_0_item = UUID(media_ids_type_0_item_data)

                    media_ids_type_0.append(media_ids_type_0_item)

                return media_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[UUID] | None | Unset, data)

        media_ids = _parse_media_ids(d.pop("media_ids", UNSET))

        def _parse_metric_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        metric_tag = _parse_metric_tag(d.pop("metric_tag", UNSET))

        moq = d.pop("moq", UNSET)

        def _parse_packaging_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        packaging_type = _parse_packaging_type(d.pop("packaging_type", UNSET))

        price_cents = d.pop("price_cents", UNSET)

        sku = d.pop("sku", UNSET)

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

        title = d.pop("title", UNSET)

        _unit = d.pop("unit", UNSET)
        unit: ProductPatchInUnit | Unset
        if isinstance(_unit, Unset):
            unit = UNSET
        else:
            unit = ProductPatchInUnit(_unit)

        _usage = d.pop("usage", UNSET)
        usage: list[ProductPatchInUsageItem] | Unset = UNSET
        if _usage is not UNSET:
            usage = []
            for usage_item_data in _usage:
                usage_item = ProductPatchInUsageItem(usage_item_data)

                usage.append(usage_item)

        def _parse_volume_discounts(data: object) -> list[VolumeDiscountIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                volume_discounts_type_0 = []
                _volume_discounts_type_0 = data
                for volume_discounts_type_0_item_data in _volume_discounts_type_0:
                    volume_discounts_type_0_item = VolumeDiscountIn.from_dict(
                        volume_discounts_type_0_item_data
                    )

                    volume_discounts_type_0.append(volume_discounts_type_0_item)

                return volume_discounts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[VolumeDiscountIn] | None | Unset, data)

        volume_discounts = _parse_volume_discounts(d.pop("volume_discounts", UNSET))

        product_patch_in = cls(
            barcode=barcode,
            batch_id=batch_id,
            body_html=body_html,
            category=category,
            cbd_percent=cbd_percent,
            classification=classification,
            coa_media_id=coa_media_id,
            compare_at_price_cents=compare_at_price_cents,
            draft_id=draft_id,
            feelings=feelings,
            flavors=flavors,
            inventory=inventory,
            is_active=is_active,
            is_featured=is_featured,
            max_qty=max_qty,
            media_ids=media_ids,
            metric_tag=metric_tag,
            moq=moq,
            packaging_type=packaging_type,
            price_cents=price_cents,
            sku=sku,
            strain=strain,
            subtitle=subtitle,
            thc_percent=thc_percent,
            title=title,
            unit=unit,
            usage=usage,
            volume_discounts=volume_discounts,
        )

        return product_patch_in
