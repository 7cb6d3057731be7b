"""Licenses (DOMAIN §5.1): upload, list, delete, the admin queue and decision, the schedule.

Every change runs the KYC derivation in the same transaction (kyc.recompute) and emits its
events through the outbox. The document is validated against identity's media projection
(same store, kind ``license_doc``, PDF or image, ``uploaded``/``ready``) and attached in
media by ``media_references_changed`` (``license`` attachments are protected there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from pf_common.errors import Conflict, Forbidden, NotFound, ValidationFailed
from pf_common.events.common import AttachmentEntityType
from pf_common.events.identity import (
    LicenseDeletedV1,
    LicenseExpiredV1,
    LicenseExpiringSoonV1,
    LicenseStatusChangedV1,
    MediaReferencesChangedV1,
)
from pf_common.ids import uuid7
from pf_common.logging import get_logger
from pf_common.outbox import emit
from pf_common.pagination import Page, PageParams, paginate
from pf_common.principal import Principal
from pf_common.tenancy import StoreScoped, active_store_id, owned, scoped
from pf_identity.domain import audit, kyc
from pf_identity.models import License, MediaProjection

log = get_logger(__name__)

DOCUMENT_MIME_PREFIXES = ("application/pdf", "image/")
DELETABLE = frozenset({"rejected", "expired"})
WARN_DAYS = 14
PURGE_AFTER_DAYS = 30
EXPIRE_WINDOW_DAYS = 30  # the expiry step looks back this far (DOMAIN §5.1)


class LicenseNotFound(NotFound):
    default_message = "license not found"


@dataclass(frozen=True)
class LicenseInput:
    media_id: UUID
    issuing_state: str
    type: str
    number: str
    issue_date: date | None
    expiration_date: date | None


MAX_PAST_DAYS = 366 * 50  # an issue date at most this far back


def validity_days(max_years: int) -> int:
    """How far ahead of today an expiration date may lie."""
    return 366 * max_years


def _check_dates(data: LicenseInput, *, today: date, max_years: int) -> None:
    problems: dict[str, str] = {}
    if data.issue_date and data.issue_date > today:
        problems["issue_date"] = "must not be in the future"
    if data.issue_date and data.expiration_date and data.expiration_date <= data.issue_date:
        problems["expiration_date"] = "must be after issue_date"
    if data.expiration_date and data.expiration_date > today + timedelta(days=validity_days(max_years)):
        problems["expiration_date"] = f"must be within {max_years} years"
    if data.issue_date and data.issue_date < today - timedelta(days=MAX_PAST_DAYS):
        problems["issue_date"] = "is too far in the past"
    if problems:
        raise ValidationFailed("invalid license dates", details=problems)


async def _document(session: AsyncSession, principal: StoreScoped, media_id: UUID) -> MediaProjection:
    """The license document, held ``FOR SHARE``: unknown or deleted ⇒ 404, another store's ⇒ 403
    (API.md §3.1 POST /licenses), then its kind, MIME type and status."""
    stmt = (
        sa.select(MediaProjection, owned(MediaProjection, principal).label("own"))
        .where(col(MediaProjection.media_id) == media_id)
        .with_for_update(read=True, of=MediaProjection)
    )
    row = (await session.execute(stmt)).one_or_none()
    if row is None or row.MediaProjection.status == "deleted":
        raise NotFound("media not found", reason="media_not_found")
    if not row.own:
        raise Forbidden("media belongs to another store", reason="media_other_store")
    media: MediaProjection = row.MediaProjection
    problems: dict[str, str] = {}
    if media.kind is not None and media.kind != "license_doc":
        problems["media_id"] = f"media kind must be license_doc, not {media.kind}"
    elif media.mime_type is not None and not media.mime_type.startswith(DOCUMENT_MIME_PREFIXES):
        problems["media_id"] = f"a license document must be a PDF or an image, not {media.mime_type}"
    if problems:
        raise ValidationFailed("invalid license document", details=problems)
    if media.status not in ("uploaded", "ready") or media.kind is None or media.gcs_key is None:
        raise Conflict("the document is not uploaded yet (or failed processing)")
    return media


async def create_license(
    session: AsyncSession, principal: Principal, data: LicenseInput, *, now: datetime, max_years: int
) -> License:
    store_id = active_store_id(principal)
    _check_dates(data, today=now.date(), max_years=max_years)
    media = await _document(session, principal, data.media_id)
    number = data.number.strip().upper()
    state = data.issuing_state.upper()
    taken = await session.scalar(
        sa.select(col(License.id)).where(col(License.issuing_state) == state, col(License.number) == number)
    )
    in_use = await session.scalar(sa.select(col(License.id)).where(col(License.gcs_key) == media.gcs_key))
    if taken is not None:
        raise Conflict(f"license {number} of {state} is already registered")
    if in_use is not None:
        raise Conflict("this document already backs another license")
    assert media.gcs_key is not None  # _document refuses a media without one
    lic = License(
        id=uuid7(),
        store_id=store_id,
        user_id=principal.user_id,
        status="pending",
        media_id=media.media_id,
        gcs_key=media.gcs_key,
        issuing_state=state,
        type=data.type,
        number=number,
        issue_date=data.issue_date,
        expiration_date=data.expiration_date,
    )
    session.add(lic)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:  # a concurrent upload of the same number won the race
        raise Conflict(f"license {number} of {state} is already registered") from exc
    await emit(
        session,
        MediaReferencesChangedV1(
            entity_type=AttachmentEntityType.LICENSE,
            entity_id=lic.id,
            store_id=store_id,
            old_media_ids=[],
            new_media_ids=[media.media_id],
        ),
        store_id=store_id,
    )
    await _status_changed(session, lic)
    await kyc.recompute(session, store_id, now=now, reason="license uploaded")
    log.info("identity.license.created", license_id=str(lic.id), store_id=str(store_id))
    return lic


async def _status_changed(session: AsyncSession, lic: License) -> None:
    await emit(
        session,
        LicenseStatusChangedV1(
            license_id=lic.id,
            store_id=lic.store_id,
            status=lic.status,
            number=lic.number,
            type=lic.type,
            reason=lic.rejection_reason,
        ),
        store_id=lic.store_id,
    )


async def list_licenses(session: AsyncSession, principal: Principal, page: PageParams) -> Page[License]:
    stmt = scoped(sa.select(License), License, principal)
    return await paginate(
        session, stmt, created_at_col=col(License.created_at), id_col=col(License.id), params=page
    )


async def admin_queue(
    session: AsyncSession, *, status: str, store_id: UUID | None, page: PageParams
) -> Page[License]:
    stmt = sa.select(License).where(col(License.status) == status)
    if store_id is not None:
        stmt = stmt.where(col(License.store_id) == store_id)
    return await paginate(
        session, stmt, created_at_col=col(License.created_at), id_col=col(License.id), params=page
    )


async def _locked(session: AsyncSession, license_id: UUID) -> License:
    """Any store's license ``FOR UPDATE`` (the admin decision), 404 when unknown."""
    lic = await session.scalar(sa.select(License).where(col(License.id) == license_id).with_for_update())
    if lic is None:
        raise LicenseNotFound(reason="license_not_found")
    return lic


async def _locked_own(session: AsyncSession, principal: StoreScoped, license_id: UUID) -> License:
    """The caller's store's license ``FOR UPDATE``: unknown ⇒ 404, another store's ⇒ 403
    (API.md §3.1 DELETE /licenses/{id})."""
    stmt = (
        sa.select(License, owned(License, principal).label("own"))
        .where(col(License.id) == license_id)
        .with_for_update(of=License)
    )
    row = (await session.execute(stmt)).one_or_none()
    if row is None:
        raise LicenseNotFound(reason="license_not_found")
    if not row.own:
        raise Forbidden("license belongs to another store", reason="license_other_store")
    lic: License = row.License
    return lic


async def delete_license(
    session: AsyncSession, principal: Principal, license_id: UUID, *, now: datetime
) -> None:
    lic = await _locked_own(session, principal, license_id)
    if lic.status not in DELETABLE:
        raise Conflict(f"a {lic.status} license cannot be deleted (only rejected or expired)")
    await _remove(session, lic, purge_media=False, now=now)
    audit.record(
        session,
        action="license.deleted",
        target_type="license",
        target_id=lic.id,
        actor_user_id=principal.user_id,
        actor_store_id=lic.store_id,
        actor_role=principal.role,
        payload={"status": lic.status, "number": lic.number},
    )


async def _remove(session: AsyncSession, lic: License, *, purge_media: bool, now: datetime) -> None:
    await session.delete(lic)
    await emit(
        session,
        LicenseDeletedV1(
            license_id=lic.id, store_id=lic.store_id, media_id=lic.media_id, purge_media=purge_media
        ),
        store_id=lic.store_id,
    )
    await kyc.recompute(session, lic.store_id, now=now, reason="license deleted")


async def decide(
    session: AsyncSession,
    principal: Principal,
    license_id: UUID,
    *,
    decision: str,
    reason: str | None,
    now: datetime,
) -> License:
    """Admin verification: pending → verified | rejected (409 when not pending)."""
    lic = await _locked(session, license_id)
    if lic.status != "pending":
        raise Conflict(f"the license is already {lic.status}")
    lic.status = decision
    lic.rejection_reason = reason if decision == "rejected" else None
    lic.verified_by_user_id = principal.user_id
    lic.decided_at = now
    lic.updated_at = now
    await session.flush()
    await _status_changed(session, lic)
    await kyc.recompute(session, lic.store_id, now=now, reason=f"license {decision}")
    audit.record(
        session,
        action=f"license.{decision}",
        target_type="license",
        target_id=lic.id,
        actor_user_id=principal.user_id,
        actor_role="admin",
        payload={"store_id": str(lic.store_id), "reason": reason},
    )
    return lic


# --- the daily schedule (DOMAIN §5.1 "License expiry schedule", §6) --------------------------


@dataclass
class ScheduleResult:
    warned: int = 0
    expired: int = 0
    purged: int = 0


async def run_schedule(session: AsyncSession, *, now: datetime) -> ScheduleResult:
    """Warn (exactly today+14, once), expire (on the expiration date), purge (30 days after).

    Idempotent: every step selects only rows not yet handled, so a repeated run changes nothing.
    """
    today = now.date()
    result = ScheduleResult()
    warn = list(
        await session.scalars(
            sa.select(License)
            .where(
                col(License.status) == "verified",
                col(License.expiration_date) == today + timedelta(days=WARN_DAYS),
                col(License.expiry_warned_at).is_(None),
            )
            .with_for_update(skip_locked=True)
        )
    )
    for lic in warn:
        lic.expiry_warned_at = now
        await emit(
            session,
            LicenseExpiringSoonV1(
                license_id=lic.id, store_id=lic.store_id, expiration_date=lic.expiration_date
            ),
            store_id=lic.store_id,
        )
        _schedule_audit(session, lic, "license.expiry_warned")
        result.warned += 1
    expire = list(
        await session.scalars(
            sa.select(License)
            .where(
                col(License.status) == "verified",
                col(License.expiration_date) <= today,
                col(License.expiration_date) > today - timedelta(days=EXPIRE_WINDOW_DAYS),
            )
            .with_for_update(skip_locked=True)
        )
    )
    for lic in expire:
        lic.status = "expired"
        lic.expired_at = now
        lic.updated_at = now
        await emit(
            session,
            LicenseExpiredV1(
                license_id=lic.id, store_id=lic.store_id, expiration_date=lic.expiration_date, expired_at=now
            ),
            store_id=lic.store_id,
        )
        await kyc.recompute(session, lic.store_id, now=now, reason="license expired")
        _schedule_audit(session, lic, "license.expired")
        result.expired += 1
    purge = list(
        await session.scalars(
            sa.select(License)
            .where(
                col(License.status) == "expired",
                col(License.expiration_date) < today - timedelta(days=PURGE_AFTER_DAYS),
            )
            .with_for_update(skip_locked=True)
        )
    )
    for lic in purge:
        _schedule_audit(session, lic, "license.purged")
        await _remove(session, lic, purge_media=True, now=now)
        result.purged += 1
    log.info("identity.licenses.schedule", warned=result.warned, expired=result.expired, purged=result.purged)
    return result


def _schedule_audit(session: AsyncSession, lic: License, action: str) -> None:
    audit.record(
        session,
        action=action,
        target_type="license",
        target_id=lic.id,
        actor_user_id=None,
        actor_role="scheduler",
        payload={"store_id": str(lic.store_id), "expiration_date": str(lic.expiration_date)},
    )
