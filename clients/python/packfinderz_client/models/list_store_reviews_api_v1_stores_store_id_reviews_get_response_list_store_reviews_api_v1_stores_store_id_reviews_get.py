from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.review_page import ReviewPage


T = TypeVar(
    "T",
    bound="ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet",
)


@_attrs_define
class ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet:
    """
    Attributes:
        data (ReviewPage):
    """

    data: ReviewPage

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.review_page import ReviewPage  # noqa: PLC0415

        d = dict(src_dict)
        data = ReviewPage.from_dict(d.pop("data"))

        list_store_reviews_api_v1_stores_store_id_reviews_get_response_list_store_reviews_api_v1_stores_store_id_reviews_get = cls(
            data=data,
        )

        return list_store_reviews_api_v1_stores_store_id_reviews_get_response_list_store_reviews_api_v1_stores_store_id_reviews_get
