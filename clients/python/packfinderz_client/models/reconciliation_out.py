from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.drift_out import DriftOut
    from ..models.money_out import MoneyOut
    from ..models.vendor_money_out import VendorMoneyOut


T = TypeVar("T", bound="ReconciliationOut")


@_attrs_define
class ReconciliationOut:
    """
    Attributes:
        as_of (datetime.datetime):
        clean (bool):
        drift (DriftOut):
        totals (MoneyOut):
        vendors (list[VendorMoneyOut]):
    """

    as_of: datetime.datetime
    clean: bool
    drift: DriftOut
    totals: MoneyOut
    vendors: list[VendorMoneyOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        clean = self.clean

        drift = self.drift.to_dict()

        totals = self.totals.to_dict()

        vendors = []
        for vendors_item_data in self.vendors:
            vendors_item = vendors_item_data.to_dict()
            vendors.append(vendors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "clean": clean,
                "drift": drift,
                "totals": totals,
                "vendors": vendors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.drift_out import DriftOut  # noqa: PLC0415
        from ..models.money_out import MoneyOut  # noqa: PLC0415
        from ..models.vendor_money_out import VendorMoneyOut  # noqa: PLC0415

        d = dict(src_dict)
        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        clean = d.pop("clean")

        drift = DriftOut.from_dict(d.pop("drift"))

        totals = MoneyOut.from_dict(d.pop("totals"))

        vendors = []
        _vendors = d.pop("vendors")
        for vendors_item_data in _vendors:
            vendors_item = VendorMoneyOut.from_dict(vendors_item_data)

            vendors.append(vendors_item)

        reconciliation_out = cls(
            as_of=as_of,
            clean=clean,
            drift=drift,
            totals=totals,
            vendors=vendors,
        )

        reconciliation_out.additional_properties = d
        return reconciliation_out

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
