"""Request and response models of identity (spec/API.md §2-3.1). Unknown JSON fields ⇒ 400."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from pf_common.schemas import AS_SENT, Strict, padded, trim
from pf_identity.domain.rules.passwords import MAX_LENGTH, MIN_LENGTH, TWO_CLASSES_PATTERN

# lengths and patterns judge the string as sent, then Strict trims it (pf_common.schemas)
Name = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Text = Annotated[str, StringConstraints(max_length=2000)]
Phone = Annotated[
    str,
    StringConstraints(min_length=7, max_length=32, pattern=r"^[0-9+().\- ]*[0-9+().\-][0-9+().\- ]*$"),
]
# An address as the request schema states it (a dot-atom local part, a domain of LDH labels and
# an alphabetic top-level label): the server checks this very pattern, so the contract is exact.
EMAIL_PATTERN = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_EMAIL = re.compile(EMAIL_PATTERN)
# what a request may send: the address, with white space around it (trimmed)
EMAIL_SENT_PATTERN = padded(EMAIL_PATTERN)
EMAIL_MAX = 254


def _not_an_email(reason: str) -> PydanticCustomError:
    return PydanticCustomError(
        "value_error", "value is not a valid email address: {reason}", {"reason": reason}
    )


def _email(value: str) -> str:
    """The address, trimmed, with its domain lower-cased; ValueError unless it matches
    EMAIL_PATTERN (white space around it is allowed: EMAIL_SENT_PATTERN)."""
    value = trim(value)
    if "@" not in value:
        raise _not_an_email("An email address must have an @-sign.")
    if not _EMAIL.match(value):
        raise _not_an_email("It is not a local part, an @-sign and a domain name.")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


Email = Annotated[
    str,
    StringConstraints(max_length=EMAIL_MAX),
    AfterValidator(_email),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": EMAIL_MAX,
            "pattern": EMAIL_SENT_PATTERN,
            "description": "an email address",
        }
    ),
]
# what a sign-in takes (any password: a wrong one is a 401)
# passwords are kept as sent: white space is part of a password (pf_common.schemas.AS_SENT)
Password = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LENGTH), AS_SENT]
# what an account is created with: the policy of domain/rules/passwords.py, stated in the schema
# (the email rule aside) and checked by the use case (400 `password does not meet the policy`)
NewPassword = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_LENGTH),
    AS_SENT,
    WithJsonSchema(
        {
            "type": "string",
            "minLength": MIN_LENGTH,
            "maxLength": MAX_LENGTH,
            "pattern": TWO_CLASSES_PATTERN,
            "description": f"{MIN_LENGTH}-{MAX_LENGTH} characters mixing at least two of: lower case, "
            "upper case, digits, symbols; not containing the email address",
        }
    ),
]
StoreTypeIn = Literal["buyer", "vendor"]
MemberRole = Literal["owner", "admin", "manager", "viewer", "agent", "staff", "ops"]


class Social(Strict):
    twitter: Annotated[str, StringConstraints(max_length=300)] | None = None
    facebook: Annotated[str, StringConstraints(max_length=300)] | None = None
    instagram: Annotated[str, StringConstraints(max_length=300)] | None = None
    linkedin: Annotated[str, StringConstraints(max_length=300)] | None = None
    youtube: Annotated[str, StringConstraints(max_length=300)] | None = None
    website: Annotated[str, StringConstraints(max_length=300)] | None = None


class UserDTO(BaseModel):
    id: UUID
    email: str
    first_name: str
    last_name: str
    phone: str | None = None
    is_active: bool
    last_login_at: datetime | None = None
    system_role: str | None = None
    created_at: datetime
    updated_at: datetime


class StoreSummary(BaseModel):
    id: UUID
    name: str
    type: str
    logo_url: str | None = None


class OwnerDetail(BaseModel):
    """The owner as a store profile shows it; ``email`` and ``last_active_at`` are private:
    null for a reader from another store (see ``views.store_dto``)."""

    id: UUID
    full_name: str
    email: str | None = None
    last_active_at: datetime | None = None
    role: str | None = None


class LicenseRef(BaseModel):
    """A license as a store profile lists it (API.md §2 StoreDTO ``licenses [{number, type}]``,
    plus the other public facts of LicenseDTO). The document (``media_id``, ``signed_url``),
    the uploader and a rejection reason are not part of a profile: the store reads them
    through ``GET /api/v1/licenses``."""

    number: str
    type: str
    issuing_state: str
    status: str
    expiration_date: date | None = None


class StoreDTO(BaseModel):
    """A store profile (API.md §2). One shape for every reader: for a reader from another store
    the private fields (``owner_detail.email``, ``owner_detail.last_active_at``,
    ``last_active_at``, ``last_logged_in_at``) are present and null."""

    id: UUID
    type: str
    company_name: str
    dba_name: str | None = None
    description: str | None = None
    phone: str | None = None
    email: str | None = None
    kyc_status: str
    subscription_active: bool
    delivery_radius_meters: int
    address: dict[str, object]
    social: dict[str, object] | None = None
    banner_url: str | None = None
    logo_url: str | None = None
    banner_media_id: UUID | None = None
    logo_media_id: UUID | None = None
    ratings: dict[str, int] | None = None
    categories: list[str] | None = None
    owner: UUID
    owner_detail: OwnerDetail | None = None
    licenses: list[LicenseRef] = Field(default_factory=list)
    badge: str | None = None
    last_active_at: datetime | None = None
    last_logged_in_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class MembershipUserDTO(BaseModel):
    membership_id: UUID
    store_id: UUID
    user_id: UUID
    email: str
    first_name: str
    last_name: str
    role: str
    membership_status: str
    created_at: datetime
    last_login_at: datetime | None = None
