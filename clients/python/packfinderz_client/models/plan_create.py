from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.plan_create_interval import PlanCreateInterval
from ..models.plan_create_status import PlanCreateStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_ui import PlanUi


T = TypeVar("T", bound="PlanCreate")


@_attrs_define
class PlanCreate:
    """
    Attributes:
        currency_code (str):
        id (str):
        interval (PlanCreateInterval):
        name (str):
        price_amount_cents (int):
        status (PlanCreateStatus):
        stripe_price_id (str):
        features (list[str] | Unset):
        is_default (bool | Unset):
        test (bool | Unset):
        trial_days (int | Unset):
        trial_require_payment_method (bool | Unset):
        trial_start_on_activation (bool | Unset):
        ui (PlanUi | Unset): How a pricing page shows the plan (all optional).
    """

    currency_code: str
    id: str
    interval: PlanCreateInterval
    name: str
    price_amount_cents: int
    status: PlanCreateStatus
    stripe_price_id: str
    features: list[str] | Unset = UNSET
    is_default: bool | Unset = UNSET
    test: bool | Unset = UNSET
    trial_days: int | Unset = UNSET
    trial_require_payment_method: bool | Unset = UNSET
    trial_start_on_activation: bool | Unset = UNSET
    ui: PlanUi | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        currency_code = self.currency_code

        id = self.id

        interval = self.interval.value

        name = self.name

        price_amount_cents = self.price_amount_cents

        status = self.status.value

        stripe_price_id = self.stripe_price_id

        features: list[str] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = self.features

        is_default = self.is_default

        test = self.test

        trial_days = self.trial_days

        trial_require_payment_method = self.trial_require_payment_method

        trial_start_on_activation = self.trial_start_on_activation

        ui: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ui, Unset):
            ui = self.ui.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency_code": currency_code,
                "id": id,
                "interval": interval,
                "name": name,
                "price_amount_cents": price_amount_cents,
                "status": status,
                "stripe_price_id": stripe_price_id,
            }
        )
        if features is not UNSET:
            field_dict["features"] = features
        if is_default is not UNSET:
            field_dict["is_default"] = is_default
        if test is not UNSET:
            field_dict["test"] = test
        if trial_days is not UNSET:
            field_dict["trial_days"] = trial_days
        if trial_require_payment_method is not UNSET:
            field_dict["trial_require_payment_method"] = trial_require_payment_method
        if trial_start_on_activation is not UNSET:
            field_dict["trial_start_on_activation"] = trial_start_on_activation
        if ui is not UNSET:
            field_dict["ui"] = ui

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.plan_ui import PlanUi  # noqa: PLC0415

        d = dict(src_dict)
        currency_code = d.pop("currency_code")

        id = d.pop("id")

        interval = PlanCreateInterval(d.pop("interval"))

        name = d.pop("name")

        price_amount_cents = d.pop("price_amount_cents")

        status = PlanCreateStatus(d.pop("status"))

        stripe_price_id = d.pop("stripe_price_id")

        features = cast(list[str], d.pop("features", UNSET))

        is_default = d.pop("is_default", UNSET)

        test = d.pop("test", UNSET)

        trial_days = d.pop("trial_days", UNSET)

        trial_require_payment_method = d.pop("trial_require_payment_method", UNSET)

        trial_start_on_activation = d.pop("trial_start_on_activation", UNSET)

        _ui = d.pop("ui", UNSET)
        ui: PlanUi | Unset
        if isinstance(_ui, Unset):
            ui = UNSET
        else:
            ui = PlanUi.from_dict(_ui)

        plan_create = cls(
            currency_code=currency_code,
            id=id,
            interval=interval,
            name=name,
            price_amount_cents=price_amount_cents,
            status=status,
            stripe_price_id=stripe_price_id,
            features=features,
            is_default=is_default,
            test=test,
            trial_days=trial_days,
            trial_require_payment_method=trial_require_payment_method,
            trial_start_on_activation=trial_start_on_activation,
            ui=ui,
        )

        return plan_create
