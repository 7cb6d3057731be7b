from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.billing_plan_dto_ui import BillingPlanDTOUi


T = TypeVar("T", bound="BillingPlanDTO")


@_attrs_define
class BillingPlanDTO:
    """
    Attributes:
        created_at (datetime.datetime):
        currency_code (str):
        features (list[str]):
        id (str):
        interval (str):
        is_default (bool):
        name (str):
        price_amount (str): decimal string of price_amount_cents, e.g. "99.00"
        price_amount_cents (int):
        status (str):
        stripe_price_id (str):
        test (bool):
        trial_days (int):
        trial_require_payment_method (bool):
        trial_start_on_activation (bool):
        ui (BillingPlanDTOUi):
        updated_at (datetime.datetime):
    """

    created_at: datetime.datetime
    currency_code: str
    features: list[str]
    id: str
    interval: str
    is_default: bool
    name: str
    price_amount: str
    price_amount_cents: int
    status: str
    stripe_price_id: str
    test: bool
    trial_days: int
    trial_require_payment_method: bool
    trial_start_on_activation: bool
    ui: BillingPlanDTOUi
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        currency_code = self.currency_code

        features = self.features

        id = self.id

        interval = self.interval

        is_default = self.is_default

        name = self.name

        price_amount = self.price_amount

        price_amount_cents = self.price_amount_cents

        status = self.status

        stripe_price_id = self.stripe_price_id

        test = self.test

        trial_days = self.trial_days

        trial_require_payment_method = self.trial_require_payment_method

        trial_start_on_activation = self.trial_start_on_activation

        ui = self.ui.to_dict()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "currency_code": currency_code,
                "features": features,
                "id": id,
                "interval": interval,
                "is_default": is_default,
                "name": name,
                "price_amount": price_amount,
                "price_amount_cents": price_amount_cents,
                "status": status,
                "stripe_price_id": stripe_price_id,
                "test": test,
                "trial_days": trial_days,
                "trial_require_payment_method": trial_require_payment_method,
                "trial_start_on_activation": trial_start_on_activation,
                "ui": ui,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.billing_plan_dto_ui import BillingPlanDTOUi  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        currency_code = d.pop("currency_code")

        features = cast(list[str], d.pop("features"))

        id = d.pop("id")

        interval = d.pop("interval")

        is_default = d.pop("is_default")

        name = d.pop("name")

        price_amount = d.pop("price_amount")

        price_amount_cents = d.pop("price_amount_cents")

        status = d.pop("status")

        stripe_price_id = d.pop("stripe_price_id")

        test = d.pop("test")

        trial_days = d.pop("trial_days")

        trial_require_payment_method = d.pop("trial_require_payment_method")

        trial_start_on_activation = d.pop("trial_start_on_activation")

        ui = BillingPlanDTOUi.from_dict(d.pop("ui"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        billing_plan_dto = cls(
            created_at=created_at,
            currency_code=currency_code,
            features=features,
            id=id,
            interval=interval,
            is_default=is_default,
            name=name,
            price_amount=price_amount,
            price_amount_cents=price_amount_cents,
            status=status,
            stripe_price_id=stripe_price_id,
            test=test,
            trial_days=trial_days,
            trial_require_payment_method=trial_require_payment_method,
            trial_start_on_activation=trial_start_on_activation,
            ui=ui,
            updated_at=updated_at,
        )

        billing_plan_dto.additional_properties = d
        return billing_plan_dto

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
