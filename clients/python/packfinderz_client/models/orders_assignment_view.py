from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OrdersAssignmentView")


@_attrs_define
class OrdersAssignmentView:
    """logistics' active assignment as orders' projection has it. ``assigned_at`` is null while a
    pickup or delivery fact arrived before its ``order_assigned`` (events may come in any order).

        Attributes:
            agent_user_id (UUID):
            id (UUID):
            assigned_at (datetime.datetime | None | Unset):
            assigned_by_user_id (None | Unset | UUID):
            cash_pickup_time (datetime.datetime | None | Unset):
            delivery_time (datetime.datetime | None | Unset):
            pickup_time (datetime.datetime | None | Unset):
            unassigned_at (datetime.datetime | None | Unset):
    """

    agent_user_id: UUID
    id: UUID
    assigned_at: datetime.datetime | None | Unset = UNSET
    assigned_by_user_id: None | Unset | UUID = UNSET
    cash_pickup_time: datetime.datetime | None | Unset = UNSET
    delivery_time: datetime.datetime | None | Unset = UNSET
    pickup_time: datetime.datetime | None | Unset = UNSET
    unassigned_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_user_id = str(self.agent_user_id)

        id = str(self.id)

        assigned_at: None | str | Unset
        if isinstance(self.assigned_at, Unset):
            assigned_at = UNSET
        elif isinstance(self.assigned_at, datetime.datetime):
            assigned_at = self.assigned_at.isoformat()
        else:
            assigned_at = self.assigned_at

        assigned_by_user_id: None | str | Unset
        if isinstance(self.assigned_by_user_id, Unset):
            assigned_by_user_id = UNSET
        elif isinstance(self.assigned_by_user_id, UUID):
            assigned_by_user_id = str(self.assigned_by_user_id)
        else:
            assigned_by_user_id = self.assigned_by_user_id

        cash_pickup_time: None | str | Unset
        if isinstance(self.cash_pickup_time, Unset):
            cash_pickup_time = UNSET
        elif isinstance(self.cash_pickup_time, datetime.datetime):
            cash_pickup_time = self.cash_pickup_time.isoformat()
        else:
            cash_pickup_time = self.cash_pickup_time

        delivery_time: None | str | Unset
        if isinstance(self.delivery_time, Unset):
            delivery_time = UNSET
        elif isinstance(self.delivery_time, datetime.datetime):
            delivery_time = self.delivery_time.isoformat()
        else:
            delivery_time = self.delivery_time

        pickup_time: None | str | Unset
        if isinstance(self.pickup_time, Unset):
            pickup_time = UNSET
        elif isinstance(self.pickup_time, datetime.datetime):
            pickup_time = self.pickup_time.isoformat()
        else:
            pickup_time = self.pickup_time

        unassigned_at: None | str | Unset
        if isinstance(self.unassigned_at, Unset):
            unassigned_at = UNSET
        elif isinstance(self.unassigned_at, datetime.datetime):
            unassigned_at = self.unassigned_at.isoformat()
        else:
            unassigned_at = self.unassigned_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "agent_user_id": agent_user_id,
                "id": id,
            }
        )
        if assigned_at is not UNSET:
            field_dict["assigned_at"] = assigned_at
        if assigned_by_user_id is not UNSET:
            field_dict["assigned_by_user_id"] = assigned_by_user_id
        if cash_pickup_time is not UNSET:
            field_dict["cash_pickup_time"] = cash_pickup_time
        if delivery_time is not UNSET:
            field_dict["delivery_time"] = delivery_time
        if pickup_time is not UNSET:
            field_dict["pickup_time"] = pickup_time
        if unassigned_at is not UNSET:
            field_dict["unassigned_at"] = unassigned_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_user_id = UUID(d.pop("agent_user_id"))

        id = UUID(d.pop("id"))

        def _parse_assigned_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assigned_at_type_0 = datetime.datetime.fromisoformat(data)

                return assigned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        assigned_at = _parse_assigned_at(d.pop("assigned_at", UNSET))

        def _parse_assigned_by_user_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assigned_by_user_id_type_0 = UUID(data)

                return assigned_by_user_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        assigned_by_user_id = _parse_assigned_by_user_id(d.pop("assigned_by_user_id", UNSET))

        def _parse_cash_pickup_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cash_pickup_time_type_0 = datetime.datetime.fromisoformat(data)

                return cash_pickup_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        cash_pickup_time = _parse_cash_pickup_time(d.pop("cash_pickup_time", UNSET))

        def _parse_delivery_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivery_time_type_0 = datetime.datetime.fromisoformat(data)

                return delivery_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivery_time = _parse_delivery_time(d.pop("delivery_time", UNSET))

        def _parse_pickup_time(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pickup_time_type_0 = datetime.datetime.fromisoformat(data)

                return pickup_time_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        pickup_time = _parse_pickup_time(d.pop("pickup_time", UNSET))

        def _parse_unassigned_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unassigned_at_type_0 = datetime.datetime.fromisoformat(data)

                return unassigned_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        unassigned_at = _parse_unassigned_at(d.pop("unassigned_at", UNSET))

        orders_assignment_view = cls(
            agent_user_id=agent_user_id,
            id=id,
            assigned_at=assigned_at,
            assigned_by_user_id=assigned_by_user_id,
            cash_pickup_time=cash_pickup_time,
            delivery_time=delivery_time,
            pickup_time=pickup_time,
            unassigned_at=unassigned_at,
        )

        orders_assignment_view.additional_properties = d
        return orders_assignment_view

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
