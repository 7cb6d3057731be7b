"""Shaping rows into the DTOs of spec/API.md §2 (shared by every identity router)."""

from __future__ import annotations

from pf_identity.api.schemas import OwnerDetail, StoreDTO, StoreSummary, UserDTO
from pf_identity.domain.queries import StoreView
from pf_identity.models import Store, User


def user_dto(user: User) -> UserDTO:
    return UserDTO.model_validate(user, from_attributes=True)


def store_summary(store: Store) -> StoreSummary:
    name = store.dba_name or store.company_name
    return StoreSummary(id=store.id, name=name, type=store.type, logo_url=store.logo_url)


def store_dto(view: StoreView) -> StoreDTO:
    store, owner, role = view.store, view.owner, view.owner_role
    return StoreDTO(
        id=store.id,
        type=store.type,
        company_name=store.company_name,
        dba_name=store.dba_name,
        description=store.description,
        phone=store.phone,
        email=store.email,
        kyc_status=store.kyc_status,
        subscription_active=store.subscription_active,
        delivery_radius_meters=store.delivery_radius_meters,
        address=store.address,
        social=store.social,
        banner_url=store.banner_url,
        logo_url=store.logo_url,
        banner_media_id=store.banner_media_id,
        logo_media_id=store.logo_media_id,
        ratings=store.ratings,
        categories=store.categories,
        owner=store.owner_user_id,
        owner_detail=(
            OwnerDetail(
                id=owner.id,
                full_name=f"{owner.first_name} {owner.last_name}",
                email=owner.email,
                last_active_at=owner.last_login_at,
                role=role,
            )
            if owner is not None
            else None
        ),
        licenses=[],  # licenses arrive with the compliance issue (#6)
        badge=store.badge,
        last_active_at=store.last_active_at,
        last_logged_in_at=store.last_logged_in_at,
        created_at=store.created_at,
        updated_at=store.updated_at,
    )
