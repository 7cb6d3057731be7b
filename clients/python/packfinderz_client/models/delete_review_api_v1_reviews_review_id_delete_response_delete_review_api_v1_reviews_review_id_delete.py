from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete")


@_attrs_define
class DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete:
    """
    Attributes:
        data (None):
    """

    data: None

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        delete_review_api_v1_reviews_review_id_delete_response_delete_review_api_v1_reviews_review_id_delete = cls(
            data=data,
        )

        return delete_review_api_v1_reviews_review_id_delete_response_delete_review_api_v1_reviews_review_id_delete
