from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.store_dto import StoreDTO


T = TypeVar("T", bound="UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut")


@_attrs_define
class UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut:
    """
    Attributes:
        data (StoreDTO): A store profile (API.md §2). One shape for every reader: for a reader from another store
            the private fields (``owner_detail.email``, ``owner_detail.last_active_at``,
            ``last_active_at``, ``last_logged_in_at``) are present and null.
    """

    data: StoreDTO

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
        from ..models.store_dto import StoreDTO  # noqa: PLC0415

        d = dict(src_dict)
        data = StoreDTO.from_dict(d.pop("data"))

        update_my_store_api_v1_stores_me_put_response_update_my_store_api_v1_stores_me_put = cls(
            data=data,
        )

        return update_my_store_api_v1_stores_me_put_response_update_my_store_api_v1_stores_me_put
