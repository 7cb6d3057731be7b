from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.store_summary import StoreSummary
    from ..models.user_dto import UserDTO


T = TypeVar("T", bound="SessionOut")


@_attrs_define
class SessionOut:
    """
    Attributes:
        refresh_token (str):
        stores (list[StoreSummary]):
        user (UserDTO):
    """

    refresh_token: str
    stores: list[StoreSummary]
    user: UserDTO

    def to_dict(self) -> dict[str, Any]:
        refresh_token = self.refresh_token

        stores = []
        for stores_item_data in self.stores:
            stores_item = stores_item_data.to_dict()
            stores.append(stores_item)

        user = self.user.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "refresh_token": refresh_token,
                "stores": stores,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.store_summary import StoreSummary  # noqa: PLC0415
        from ..models.user_dto import UserDTO  # noqa: PLC0415

        d = dict(src_dict)
        refresh_token = d.pop("refresh_token")

        stores = []
        _stores = d.pop("stores")
        for stores_item_data in _stores:
            stores_item = StoreSummary.from_dict(stores_item_data)

            stores.append(stores_item)

        user = UserDTO.from_dict(d.pop("user"))

        session_out = cls(
            refresh_token=refresh_token,
            stores=stores,
            user=user,
        )

        return session_out
