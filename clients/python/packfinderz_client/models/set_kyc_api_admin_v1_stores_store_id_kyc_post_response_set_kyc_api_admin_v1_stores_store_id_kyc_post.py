from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.kyc_out import KycOut


T = TypeVar("T", bound="SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost")


@_attrs_define
class SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost:
    """
    Attributes:
        data (KycOut):
    """

    data: KycOut

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
        from ..models.kyc_out import KycOut  # noqa: PLC0415

        d = dict(src_dict)
        data = KycOut.from_dict(d.pop("data"))

        set_kyc_api_admin_v1_stores_store_id_kyc_post_response_set_kyc_api_admin_v1_stores_store_id_kyc_post = cls(
            data=data,
        )

        return set_kyc_api_admin_v1_stores_store_id_kyc_post_response_set_kyc_api_admin_v1_stores_store_id_kyc_post
