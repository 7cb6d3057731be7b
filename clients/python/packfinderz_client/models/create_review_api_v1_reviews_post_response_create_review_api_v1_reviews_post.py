from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.review_dto import ReviewDTO


T = TypeVar("T", bound="CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost")


@_attrs_define
class CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost:
    """
    Attributes:
        data (ReviewDTO):
    """

    data: ReviewDTO

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
        from ..models.review_dto import ReviewDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = ReviewDTO.from_dict(d.pop("data"))

        create_review_api_v1_reviews_post_response_create_review_api_v1_reviews_post = cls(
            data=data,
        )

        return create_review_api_v1_reviews_post_response_create_review_api_v1_reviews_post
