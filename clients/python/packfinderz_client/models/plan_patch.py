from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.plan_patch_interval import PlanPatchInterval
from ..models.plan_patch_status import PlanPatchStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_ui import PlanUi


T = TypeVar("T", bound="PlanPatch")


@_attrs_define
class PlanPatch:
    """Any field of the creation but ``id`` (an ``id`` is an unknown field: 400).

    Attributes:
        currency_code (str | Unset):
        features (list[str] | Unset):
        interval (PlanPatchInterval | Unset):
        is_default (bool | Unset):
        name (str | Unset):
        price_amount_cents (int | Unset):
        status (PlanPatchStatus | Unset):
        stripe_price_id (str | Unset):
        test (bool | Unset):
        trial_days (int | Unset):
        trial_require_payment_method (bool | Unset):
        trial_start_on_activation (bool | Unset):
        ui (PlanUi | Unset): How a pricing page shows the plan (all optional).
    """

    currency_code: str | Unset = UNSET
    features: list[str] | Unset = UNSET
    interval: PlanPatchInterval | Unset = UNSET
    is_default: bool | Unset = UNSET
    name: str | Unset = UNSET
    price_amount_cents: int | Unset = UNSET
    status: PlanPatchStatus | Unset = UNSET
    stripe_price_id: str | Unset = UNSET
    test: bool | Unset = UNSET
    trial_days: int | Unset = UNSET
    trial_require_payment_method: bool | Unset = UNSET
    trial_start_on_activation: bool | Unset = UNSET
    ui: PlanUi | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        currency_code = self.currency_code

        features: list[str] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = self.features

        interval: str | Unset = UNSET
        if not isinstance(self.interval, Unset):
            interval = self.interval.value

        is_default = self.is_default

        name = self.name

        price_amount_cents = self.price_amount_cents

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        stripe_price_id = self.stripe_price_id

        test = self.test

        trial_days = self.trial_days

        trial_require_payment_method = self.trial_require_payment_method

        trial_start_on_activation = self.trial_start_on_activation

        ui: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ui, Unset):
            ui = self.ui.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if currency_code is not UNSET:
            field_dict["currency_code"] = currency_code
        if features is not UNSET:
            field_dict["features"] = features
        if interval is not UNSET:
            field_dict["interval"] = interval
        if is_default is not UNSET:
            field_dict["is_default"] = is_default
        if name is not UNSET:
            field_dict["name"] = name
        if price_amount_cents is not UNSET:
            field_dict["price_amount_cents"] = price_amount_cents
        if status is not UNSET:
            field_dict["status"] = status
        if stripe_price_id is not UNSET:
            field_dict["stripe_price_id"] = stripe_price_id
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
        currency_code = d.pop("currency_code", UNSET)

        features = cast(list[str], d.pop("features", UNSET))

        _interval = d.pop("interval", UNSET)
        interval: PlanPatchInterval | Unset
        if isinstance(_interval, Unset):
            interval = UNSET
        else:
            interval = PlanPatchInterval(_interval)

        is_default = d.pop("is_default", UNSET)

        name = d.pop("name", UNSET)

        price_amount_cents = d.pop("price_amount_cents", UNSET)

        _status = d.pop("status", UNSET)
        status: PlanPatchStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = PlanPatchStatus(_status)

        stripe_price_id = d.pop("stripe_price_id", UNSET)

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

        plan_patch = cls(
            currency_code=currency_code,
            features=features,
            interval=interval,
            is_default=is_default,
            name=name,
            price_amount_cents=price_amount_cents,
            status=status,
            stripe_price_id=stripe_price_id,
            test=test,
            trial_days=trial_days,
            trial_require_payment_method=trial_require_payment_method,
            trial_start_on_activation=trial_start_on_activation,
            ui=ui,
        )

        return plan_patch
