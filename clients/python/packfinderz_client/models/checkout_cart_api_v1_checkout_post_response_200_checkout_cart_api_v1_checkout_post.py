from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.checkout_result_view import CheckoutResultView


T = TypeVar("T", bound="CheckoutCartApiV1CheckoutPostResponse200CheckoutCartApiV1CheckoutPost")


@_attrs_define
class CheckoutCartApiV1CheckoutPostResponse200CheckoutCartApiV1CheckoutPost:
    """
    Attributes:
        data (CheckoutResultView):
    """

    data: CheckoutResultView

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
        from ..models.checkout_result_view import CheckoutResultView  # noqa: PLC0415

        d = dict(src_dict)
        data = CheckoutResultView.from_dict(d.pop("data"))

        checkout_cart_api_v1_checkout_post_response_200_checkout_cart_api_v1_checkout_post = cls(
            data=data,
        )

        return checkout_cart_api_v1_checkout_post_response_200_checkout_cart_api_v1_checkout_post
