from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.product_patch_in_category_type_0 import ProductPatchInCategoryType0
from ..models.product_patch_in_classification_type_0 import ProductPatchInClassificationType0
from ..models.product_patch_in_feelings_type_0_item import ProductPatchInFeelingsType0Item
from ..models.product_patch_in_flavors_type_0_item import ProductPatchInFlavorsType0Item
from ..models.product_patch_in_unit_type_0 import ProductPatchInUnitType0
from ..models.product_patch_in_usage_type_0_item import ProductPatchInUsageType0Item
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
        category (None | ProductPatchInCategoryType0 | Unset):
        cbd_percent (float | None | str | Unset):
        classification (None | ProductPatchInClassificationType0 | Unset):
        coa_media_id (None | Unset | UUID):
        compare_at_price_cents (int | None | Unset):
        draft_id (None | Unset | UUID):
        feelings (list[ProductPatchInFeelingsType0Item] | None | Unset):
        flavors (list[ProductPatchInFlavorsType0Item] | None | Unset):
        inventory (InventoryPatchIn | None | Unset):
        is_active (bool | None | Unset):
        is_featured (bool | None | Unset):
        max_qty (int | None | Unset):
        media_ids (list[UUID] | None | Unset):
        metric_tag (None | str | Unset):
        moq (int | None | Unset):
        packaging_type (None | str | Unset):
        price_cents (int | None | Unset):
        sku (None | str | Unset):
        strain (None | str | Unset):
        subtitle (None | str | Unset):
        thc_percent (float | None | str | Unset):
        title (None | str | Unset):
        unit (None | ProductPatchInUnitType0 | Unset):
        usage (list[ProductPatchInUsageType0Item] | None | Unset):
        volume_discounts (list[VolumeDiscountIn] | None | Unset):
    """

    barcode: None | str | Unset = UNSET
    batch_id: None | str | Unset = UNSET
    body_html: None | str | Unset = UNSET
    category: None | ProductPatchInCategoryType0 | Unset = UNSET
    cbd_percent: float | None | str | Unset = UNSET
    classification: None | ProductPatchInClassificationType0 | Unset = UNSET
    coa_media_id: None | Unset | UUID = UNSET
    compare_at_price_cents: int | None | Unset = UNSET
    draft_id: None | Unset | UUID = UNSET
    feelings: list[ProductPatchInFeelingsType0Item] | None | Unset = UNSET
    flavors: list[ProductPatchInFlavorsType0Item] | None | Unset = UNSET
    inventory: InventoryPatchIn | None | Unset = UNSET
    is_active: bool | None | Unset = UNSET
    is_featured: bool | None | Unset = UNSET
    max_qty: int | None | Unset = UNSET
    media_ids: list[UUID] | None | Unset = UNSET
    metric_tag: None | str | Unset = UNSET
    moq: int | None | Unset = UNSET
    packaging_type: None | str | Unset = UNSET
    price_cents: int | None | Unset = UNSET
    sku: None | str | Unset = UNSET
    strain: None | str | Unset = UNSET
    subtitle: None | str | Unset = UNSET
    thc_percent: float | None | str | Unset = UNSET
    title: None | str | Unset = UNSET
    unit: None | ProductPatchInUnitType0 | Unset = UNSET
    usage: list[ProductPatchInUsageType0Item] | None | Unset = UNSET
    volume_discounts: list[VolumeDiscountIn] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.inventory_patch_in import InventoryPatchIn  # noqa: PLC0415

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

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        elif isinstance(self.category, ProductPatchInCategoryType0):
            category = self.category.value
        else:
            category = self.category

        cbd_percent: float | None | str | Unset
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

        feelings: list[str] | None | Unset
        if isinstance(self.feelings, Unset):
            feelings = UNSET
        elif isinstance(self.feelings, list):
            feelings = []
            for feelings_type_0_item_data in self.feelings:
                feelings_type_0_item = feelings_type_0_item_data.value
                feelings.append(feelings_type_0_item)

        else:
            feelings = self.feelings

        flavors: list[str] | None | Unset
        if isinstance(self.flavors, Unset):
            flavors = UNSET
        elif isinstance(self.flavors, list):
            flavors = []
            for flavors_type_0_item_data in self.flavors:
                flavors_type_0_item = flavors_type_0_item_data.value
                flavors.append(flavors_type_0_item)

        else:
            flavors = self.flavors

        inventory: dict[str, Any] | None | Unset
        if isinstance(self.inventory, Unset):
            inventory = UNSET
        elif isinstance(self.inventory, InventoryPatchIn):
            inventory = self.inventory.to_dict()
        else:
            inventory = self.inventory

        is_active: bool | None | Unset
        if isinstance(self.is_active, Unset):
            is_active = UNSET
        else:
            is_active = self.is_active

        is_featured: bool | None | Unset
        if isinstance(self.is_featured, Unset):
            is_featured = UNSET
        else:
            is_featured = self.is_featured

        max_qty: int | None | Unset
        if isinstance(self.max_qty, Unset):
            max_qty = UNSET
        else:
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

        moq: int | None | Unset
        if isinstance(self.moq, Unset):
            moq = UNSET
        else:
            moq = self.moq

        packaging_type: None | str | Unset
        if isinstance(self.packaging_type, Unset):
            packaging_type = UNSET
        else:
            packaging_type = self.packaging_type

        price_cents: int | None | Unset
        if isinstance(self.price_cents, Unset):
            price_cents = UNSET
        else:
            price_cents = self.price_cents

        sku: None | str | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
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

        thc_percent: float | None | str | Unset
        if isinstance(self.thc_percent, Unset):
            thc_percent = UNSET
        else:
            thc_percent = self.thc_percent

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        elif isinstance(self.unit, ProductPatchInUnitType0):
            unit = self.unit.value
        else:
            unit = self.unit

        usage: list[str] | None | Unset
        if isinstance(self.usage, Unset):
            usage = UNSET
        elif isinstance(self.usage, list):
            usage = []
            for usage_type_0_item_data in self.usage:
                usage_type_0_item = usage_type_0_item_data.value
                usage.append(usage_type_0_item)

        else:
            usage = self.usage

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

        def _parse_category(data: object) -> None | ProductPatchInCategoryType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                category_type_0 = ProductPatchInCategoryType0(data)

                return category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductPatchInCategoryType0 | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_cbd_percent(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

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

        def _parse_feelings(data: object) -> list[ProductPatchInFeelingsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                feelings_type_0 = []
                _feelings_type_0 = data
                for feelings_type_0_item_data in _feelings_type_0:
                    feelings_type_0_item = ProductPatchInFeelingsType0Item(feelings_type_0_item_data)

                    feelings_type_0.append(feelings_type_0_item)

                return feelings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProductPatchInFeelingsType0Item] | None | Unset, data)

        feelings = _parse_feelings(d.pop("feelings", UNSET))

        def _parse_flavors(data: object) -> list[ProductPatchInFlavorsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                flavors_type_0 = []
                _flavors_type_0 = data
                for flavors_type_0_item_data in _flavors_type_0:
                    flavors_type_0_item = ProductPatchInFlavorsType0Item(flavors_type_0_item_data)

                    flavors_type_0.append(flavors_type_0_item)

                return flavors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProductPatchInFlavorsType0Item] | None | Unset, data)

        flavors = _parse_flavors(d.pop("flavors", UNSET))

        def _parse_inventory(data: object) -> InventoryPatchIn | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                inventory_type_0 = InventoryPatchIn.from_dict(data)

                return inventory_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InventoryPatchIn | None | Unset, data)

        inventory = _parse_inventory(d.pop("inventory", UNSET))

        def _parse_is_active(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_active = _parse_is_active(d.pop("is_active", UNSET))

        def _parse_is_featured(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_featured = _parse_is_featured(d.pop("is_featured", UNSET))

        def _parse_max_qty(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_qty = _parse_max_qty(d.pop("max_qty", UNSET))

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

        def _parse_moq(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        moq = _parse_moq(d.pop("moq", UNSET))

        def _parse_packaging_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        packaging_type = _parse_packaging_type(d.pop("packaging_type", UNSET))

        def _parse_price_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        price_cents = _parse_price_cents(d.pop("price_cents", UNSET))

        def _parse_sku(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

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

        def _parse_thc_percent(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        thc_percent = _parse_thc_percent(d.pop("thc_percent", UNSET))

        def _parse_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        title = _parse_title(d.pop("title", UNSET))

        def _parse_unit(data: object) -> None | ProductPatchInUnitType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unit_type_0 = ProductPatchInUnitType0(data)

                return unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProductPatchInUnitType0 | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_usage(data: object) -> list[ProductPatchInUsageType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                usage_type_0 = []
                _usage_type_0 = data
                for usage_type_0_item_data in _usage_type_0:
                    usage_type_0_item = ProductPatchInUsageType0Item(usage_type_0_item_data)

                    usage_type_0.append(usage_type_0_item)

                return usage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProductPatchInUsageType0Item] | None | Unset, data)

        usage = _parse_usage(d.pop("usage", UNSET))

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
