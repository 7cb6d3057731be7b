from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.plan_patch_interval_type_0 import PlanPatchIntervalType0
from ..models.plan_patch_status_type_0 import PlanPatchStatusType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.plan_ui import PlanUi


T = TypeVar("T", bound="PlanPatch")


@_attrs_define
class PlanPatch:
    """Any field of the creation but ``id`` (an ``id`` is an unknown field: 400).

    Attributes:
        currency_code (None | str | Unset):
        features (list[str] | None | Unset):
        interval (None | PlanPatchIntervalType0 | Unset):
        is_default (bool | None | Unset):
        name (None | str | Unset):
        price_amount_cents (int | None | Unset):
        status (None | PlanPatchStatusType0 | Unset):
        stripe_price_id (None | str | Unset):
        test (bool | None | Unset):
        trial_days (int | None | Unset):
        trial_require_payment_method (bool | None | Unset):
        trial_start_on_activation (bool | None | Unset):
        ui (None | PlanUi | Unset):
    """

    currency_code: None | str | Unset = UNSET
    features: list[str] | None | Unset = UNSET
    interval: None | PlanPatchIntervalType0 | Unset = UNSET
    is_default: bool | None | Unset = UNSET
    name: None | str | Unset = UNSET
    price_amount_cents: int | None | Unset = UNSET
    status: None | PlanPatchStatusType0 | Unset = UNSET
    stripe_price_id: None | str | Unset = UNSET
    test: bool | None | Unset = UNSET
    trial_days: int | None | Unset = UNSET
    trial_require_payment_method: bool | None | Unset = UNSET
    trial_start_on_activation: bool | None | Unset = UNSET
    ui: None | PlanUi | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.plan_ui import PlanUi  # noqa: PLC0415

        currency_code: None | str | Unset
        if isinstance(self.currency_code, Unset):
            currency_code = UNSET
        else:
            currency_code = self.currency_code

        features: list[str] | None | Unset
        if isinstance(self.features, Unset):
            features = UNSET
        elif isinstance(self.features, list):
            features = self.features

        else:
            features = self.features

        interval: None | str | Unset
        if isinstance(self.interval, Unset):
            interval = UNSET
        elif isinstance(self.interval, PlanPatchIntervalType0):
            interval = self.interval.value
        else:
            interval = self.interval

        is_default: bool | None | Unset
        if isinstance(self.is_default, Unset):
            is_default = UNSET
        else:
            is_default = self.is_default

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        price_amount_cents: int | None | Unset
        if isinstance(self.price_amount_cents, Unset):
            price_amount_cents = UNSET
        else:
            price_amount_cents = self.price_amount_cents

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, PlanPatchStatusType0):
            status = self.status.value
        else:
            status = self.status

        stripe_price_id: None | str | Unset
        if isinstance(self.stripe_price_id, Unset):
            stripe_price_id = UNSET
        else:
            stripe_price_id = self.stripe_price_id

        test: bool | None | Unset
        if isinstance(self.test, Unset):
            test = UNSET
        else:
            test = self.test

        trial_days: int | None | Unset
        if isinstance(self.trial_days, Unset):
            trial_days = UNSET
        else:
            trial_days = self.trial_days

        trial_require_payment_method: bool | None | Unset
        if isinstance(self.trial_require_payment_method, Unset):
            trial_require_payment_method = UNSET
        else:
            trial_require_payment_method = self.trial_require_payment_method

        trial_start_on_activation: bool | None | Unset
        if isinstance(self.trial_start_on_activation, Unset):
            trial_start_on_activation = UNSET
        else:
            trial_start_on_activation = self.trial_start_on_activation

        ui: dict[str, Any] | None | Unset
        if isinstance(self.ui, Unset):
            ui = UNSET
        elif isinstance(self.ui, PlanUi):
            ui = self.ui.to_dict()
        else:
            ui = self.ui

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

        def _parse_currency_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency_code = _parse_currency_code(d.pop("currency_code", UNSET))

        def _parse_features(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                features_type_0 = cast(list[str], data)

                return features_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        features = _parse_features(d.pop("features", UNSET))

        def _parse_interval(data: object) -> None | PlanPatchIntervalType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                interval_type_0 = PlanPatchIntervalType0(data)

                return interval_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanPatchIntervalType0 | Unset, data)

        interval = _parse_interval(d.pop("interval", UNSET))

        def _parse_is_default(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_default = _parse_is_default(d.pop("is_default", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_price_amount_cents(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        price_amount_cents = _parse_price_amount_cents(d.pop("price_amount_cents", UNSET))

        def _parse_status(data: object) -> None | PlanPatchStatusType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = PlanPatchStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanPatchStatusType0 | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_stripe_price_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_price_id = _parse_stripe_price_id(d.pop("stripe_price_id", UNSET))

        def _parse_test(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        test = _parse_test(d.pop("test", UNSET))

        def _parse_trial_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        trial_days = _parse_trial_days(d.pop("trial_days", UNSET))

        def _parse_trial_require_payment_method(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        trial_require_payment_method = _parse_trial_require_payment_method(
            d.pop("trial_require_payment_method", UNSET)
        )

        def _parse_trial_start_on_activation(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        trial_start_on_activation = _parse_trial_start_on_activation(
            d.pop("trial_start_on_activation", UNSET)
        )

        def _parse_ui(data: object) -> None | PlanUi | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ui_type_0 = PlanUi.from_dict(data)

                return ui_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlanUi | Unset, data)

        ui = _parse_ui(d.pop("ui", UNSET))

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
