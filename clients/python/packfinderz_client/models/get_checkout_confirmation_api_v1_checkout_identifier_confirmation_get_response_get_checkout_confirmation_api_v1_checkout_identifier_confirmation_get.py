from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.confirmation_view import ConfirmationView


T = TypeVar(
    "T",
    bound="GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet",
)


@_attrs_define
class GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet:
    """
    Attributes:
        data (ConfirmationView):
    """

    data: ConfirmationView

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
        from ..models.confirmation_view import ConfirmationView  # noqa: PLC0415

        d = dict(src_dict)
        data = ConfirmationView.from_dict(d.pop("data"))

        get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get_response_get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get = cls(
            data=data,
        )

        return get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get_response_get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get
