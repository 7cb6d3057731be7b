from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReviewDTO")


@_attrs_define
class ReviewDTO:
    """
    Attributes:
        body (None | str):
        buyer_store_id (UUID):
        buyer_user_id (UUID):
        created_at (datetime.datetime):
        id (UUID):
        is_verified_purchase (bool):
        is_visible (bool):
        order_id (None | UUID):
        product_id (None | UUID):
        rating (int):
        review_type (str):
        title (None | str):
        updated_at (datetime.datetime):
        vendor_store_id (UUID):
    """

    body: None | str
    buyer_store_id: UUID
    buyer_user_id: UUID
    created_at: datetime.datetime
    id: UUID
    is_verified_purchase: bool
    is_visible: bool
    order_id: None | UUID
    product_id: None | UUID
    rating: int
    review_type: str
    title: None | str
    updated_at: datetime.datetime
    vendor_store_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body: None | str
        body = self.body

        buyer_store_id = str(self.buyer_store_id)

        buyer_user_id = str(self.buyer_user_id)

        created_at = self.created_at.isoformat()

        id = str(self.id)

        is_verified_purchase = self.is_verified_purchase

        is_visible = self.is_visible

        order_id: None | str
        if isinstance(self.order_id, UUID):
            order_id = str(self.order_id)
        else:
            order_id = self.order_id

        product_id: None | str
        if isinstance(self.product_id, UUID):
            product_id = str(self.product_id)
        else:
            product_id = self.product_id

        rating = self.rating

        review_type = self.review_type

        title: None | str
        title = self.title

        updated_at = self.updated_at.isoformat()

        vendor_store_id = str(self.vendor_store_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "buyer_store_id": buyer_store_id,
                "buyer_user_id": buyer_user_id,
                "created_at": created_at,
                "id": id,
                "is_verified_purchase": is_verified_purchase,
                "is_visible": is_visible,
                "order_id": order_id,
                "product_id": product_id,
                "rating": rating,
                "review_type": review_type,
                "title": title,
                "updated_at": updated_at,
                "vendor_store_id": vendor_store_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_body(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        body = _parse_body(d.pop("body"))

        buyer_store_id = UUID(d.pop("buyer_store_id"))

        buyer_user_id = UUID(d.pop("buyer_user_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        is_verified_purchase = d.pop("is_verified_purchase")

        is_visible = d.pop("is_visible")

        def _parse_order_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                order_id_type_0 = UUID(data)

                return order_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        order_id = _parse_order_id(d.pop("order_id"))

        def _parse_product_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                product_id_type_0 = UUID(data)

                return product_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        product_id = _parse_product_id(d.pop("product_id"))

        rating = d.pop("rating")

        review_type = d.pop("review_type")

        def _parse_title(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        title = _parse_title(d.pop("title"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        vendor_store_id = UUID(d.pop("vendor_store_id"))

        review_dto = cls(
            body=body,
            buyer_store_id=buyer_store_id,
            buyer_user_id=buyer_user_id,
            created_at=created_at,
            id=id,
            is_verified_purchase=is_verified_purchase,
            is_visible=is_visible,
            order_id=order_id,
            product_id=product_id,
            rating=rating,
            review_type=review_type,
            title=title,
            updated_at=updated_at,
            vendor_store_id=vendor_store_id,
        )

        review_dto.additional_properties = d
        return review_dto

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
