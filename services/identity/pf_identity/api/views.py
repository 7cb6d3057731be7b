"""Shaping rows into the DTOs of spec/API.md §2 (shared by every identity router)."""

from __future__ import annotations

from uuid import UUID

from pf_common.principal import Principal
from pf_identity.api.schemas import LicenseRef, OwnerDetail, StoreDTO, StoreSummary, UserDTO
from pf_identity.domain.queries import StoreView
from pf_identity.models import License, Store, User


def user_dto(user: User) -> UserDTO:
    return UserDTO.model_validate(user, from_attributes=True)


def store_summary(store: Store) -> StoreSummary:
    name = store.dba_name or store.company_name
    return StoreSummary(id=store.id, name=name, type=store.type, logo_url=store.logo_url)


def sees_private_fields(viewer: Principal, store_id: UUID) -> bool:
    """Whether ``viewer`` reads the private fields of store ``store_id``'s profile.

    Its members (a token whose active store is this store) and system admins do. Anyone
    else, a member of another store included, reads the business profile only.
    """
    return viewer.is_admin or viewer.store_id == store_id


def license_ref(lic: License) -> LicenseRef:
    return LicenseRef.model_validate(lic, from_attributes=True)


def store_dto(view: StoreView, *, viewer: Principal) -> StoreDTO:
    """The StoreDTO of ``view`` as ``viewer`` may read it (one shape for every reader).

    The business profile (company, contacts of the store, address, KYC, badge, the owner's
    name and role, the licenses' facts) is for everyone. The owner's personal e-mail and the
    activity timestamps (``owner_detail.email``, ``owner_detail.last_active_at``,
    ``last_active_at``, ``last_logged_in_at``) are null unless ``sees_private_fields``.
    """
    store, owner, role = view.store, view.owner, view.owner_role
    private = sees_private_fields(viewer, store.id)
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
                email=owner.email if private else None,
                last_active_at=owner.last_login_at if private else None,
                role=role,
            )
            if owner is not None
            else None
        ),
        licenses=[license_ref(lic) for lic in view.licenses],
        badge=store.badge,
        last_active_at=store.last_active_at if private else None,
        last_logged_in_at=store.last_logged_in_at if private else None,
        created_at=store.created_at,
        updated_at=store.updated_at,
    )
