from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pagination_dto import PaginationDTO
    from ..models.review_dto import ReviewDTO


T = TypeVar("T", bound="ReviewPage")


@_attrs_define
class ReviewPage:
    """
    Attributes:
        pagination (PaginationDTO): The ``pagination`` object in a response schema (what :class:`PageInfo` serialises
            to).
        reviews (list[ReviewDTO]):
    """

    pagination: PaginationDTO
    reviews: list[ReviewDTO]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pagination = self.pagination.to_dict()

        reviews = []
        for reviews_item_data in self.reviews:
            reviews_item = reviews_item_data.to_dict()
            reviews.append(reviews_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pagination": pagination,
                "reviews": reviews,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pagination_dto import PaginationDTO  # noqa: PLC0415
        from ..models.review_dto import ReviewDTO  # noqa: PLC0415

        d = dict(src_dict)
        pagination = PaginationDTO.from_dict(d.pop("pagination"))

        reviews = []
        _reviews = d.pop("reviews")
        for reviews_item_data in _reviews:
            reviews_item = ReviewDTO.from_dict(reviews_item_data)

            reviews.append(reviews_item)

        review_page = cls(
            pagination=pagination,
            reviews=reviews,
        )

        review_page.additional_properties = d
        return review_page

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
