from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quote_item_in import QuoteItemIn
    from ..models.vendor_promo_in import VendorPromoIn


T = TypeVar("T", bound="QuoteIn")


@_attrs_define
class QuoteIn:
    """
    Attributes:
        buyer_store_id (UUID):
        items (list[QuoteItemIn]): 1-200 lines (catalog prices and reserves 200 a call)
        ad_tokens (list[str] | Unset):
        vendor_promos (list[VendorPromoIn] | Unset):
    """

    buyer_store_id: UUID
    items: list[QuoteItemIn]
    ad_tokens: list[str] | Unset = UNSET
    vendor_promos: list[VendorPromoIn] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        buyer_store_id = str(self.buyer_store_id)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        ad_tokens: list[str] | Unset = UNSET
        if not isinstance(self.ad_tokens, Unset):
            ad_tokens = self.ad_tokens

        vendor_promos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.vendor_promos, Unset):
            vendor_promos = []
            for vendor_promos_item_data in self.vendor_promos:
                vendor_promos_item = vendor_promos_item_data.to_dict()
                vendor_promos.append(vendor_promos_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "buyer_store_id": buyer_store_id,
                "items": items,
            }
        )
        if ad_tokens is not UNSET:
            field_dict["ad_tokens"] = ad_tokens
        if vendor_promos is not UNSET:
            field_dict["vendor_promos"] = vendor_promos

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quote_item_in import QuoteItemIn  # noqa: PLC0415
        from ..models.vendor_promo_in import VendorPromoIn  # noqa: PLC0415

        d = dict(src_dict)
        buyer_store_id = UUID(d.pop("buyer_store_id"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = QuoteItemIn.from_dict(items_item_data)

            items.append(items_item)

        ad_tokens = cast(list[str], d.pop("ad_tokens", UNSET))

        _vendor_promos = d.pop("vendor_promos", UNSET)
        vendor_promos: list[VendorPromoIn] | Unset = UNSET
        if _vendor_promos is not UNSET:
            vendor_promos = []
            for vendor_promos_item_data in _vendor_promos:
                vendor_promos_item = VendorPromoIn.from_dict(vendor_promos_item_data)

                vendor_promos.append(vendor_promos_item)

        quote_in = cls(
            buyer_store_id=buyer_store_id,
            items=items,
            ad_tokens=ad_tokens,
            vendor_promos=vendor_promos,
        )

        return quote_in
