from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.reconciliation_out import ReconciliationOut


T = TypeVar(
    "T",
    bound="GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet",
)


@_attrs_define
class GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet:
    """
    Attributes:
        data (ReconciliationOut):
    """

    data: ReconciliationOut

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
        from ..models.reconciliation_out import ReconciliationOut  # noqa: PLC0415

        d = dict(src_dict)
        data = ReconciliationOut.from_dict(d.pop("data"))

        get_reconciliation_api_admin_v1_billing_reconciliation_get_response_get_reconciliation_api_admin_v1_billing_reconciliation_get = cls(
            data=data,
        )

        return get_reconciliation_api_admin_v1_billing_reconciliation_get_response_get_reconciliation_api_admin_v1_billing_reconciliation_get
