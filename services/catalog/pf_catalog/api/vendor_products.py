"""A vendor's product writes (API.md §3.3): create, partial update, delete.

Vendor stores with an OPERATE role only (DOMAIN §4.3). Every body field is validated here and
answered 400 ``VALIDATION_ERROR`` with field details (unknown fields too); rules spanning fields
and stored values (``max_qty`` vs ``moq``, media ownership, the sku's uniqueness) are the
domain's. ``draft_id``: COA drafts are not built yet, so any draft id is a 404 "draft not found".
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any, Final, Literal
from uuid import UUID

from fastapi import Depends, Response
from pydantic import (
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from pf_catalog.api.deps import IDEMPOTENCY_HOURS
from pf_catalog.api.views import ProductDTO, product_dto
from pf_catalog.domain import vendor_products
from pf_catalog.models import CATEGORIES, CLASSIFICATIONS, FEELINGS, FLAVORS, UNITS, USAGES
from pf_common.db_http import WriteSession
from pf_common.guards import require_store
from pf_common.idempotency import Idempotent
from pf_common.openapi import errors
from pf_common.principal import OPERATE, Principal
from pf_common.routing import APIRouter
from pf_common.schemas import Strict, compare, padded, rules, unique_by

router = APIRouter(tags=["catalog"])

_operator_guard = require_store({"vendor"}, OPERATE)
Operator = Annotated[Principal, Depends(_operator_guard)]

MAX_QTY: Final = 10_000_000
MAX_CENTS: Final = 100_000_000_000  # $1B: beyond any wholesale line
MAX_MEDIA: Final = 20  # gallery images of a product
MAX_TIERS: Final = 20  # volume discount tiers of a product
MAX_SKU: Final = 64
MAX_TITLE: Final = 200  # title, subtitle
MAX_SHORT_TEXT: Final = 120  # strain, batch id, METRC tag, barcode, packaging type
MAX_BODY_HTML: Final = 20_000  # characters before sanitising
# a tag list (feelings, flavors, usage) is capped at twice the number of allowed values;
# duplicates are dropped after validation
MAX_TAG_REPEATS: Final = 2


# a SKU starts with a letter or digit; white space around it (a pasted value) is trimmed
Sku = Annotated[
    str,
    StringConstraints(
        min_length=1,
        max_length=MAX_SKU,
        pattern=padded(r"^[A-Za-z0-9][A-Za-z0-9._\-/ ]*$"),
    ),
]
Title = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TITLE)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHORT_TEXT)]
Qty = Annotated[StrictInt, Field(ge=0, le=MAX_QTY)]
Cents = Annotated[StrictInt, Field(ge=0, le=MAX_CENTS)]
# a JSON number (never a string), 0-100 with at most two decimals: stated as multipleOf 0.01
Percent = Annotated[
    Decimal,
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.01}),
]
# Literal types built from the models' value tuples at run time (pydantic validates them; for mypy
# they are not types, hence the ignores)
Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Classification = Literal[CLASSIFICATIONS]  # type: ignore[valid-type]
Unit = Literal[UNITS]  # type: ignore[valid-type]
Feeling = Literal[FEELINGS]  # type: ignore[valid-type]
Flavor = Literal[FLAVORS]  # type: ignore[valid-type]
Usage = Literal[USAGES]  # type: ignore[valid-type]
Feelings = Annotated[list[Feeling], Field(min_length=1, max_length=len(FEELINGS) * MAX_TAG_REPEATS)]
Flavors = Annotated[list[Flavor], Field(min_length=1, max_length=len(FLAVORS) * MAX_TAG_REPEATS)]
Usages = Annotated[list[Usage], Field(min_length=1, max_length=len(USAGES) * MAX_TAG_REPEATS)]


def _dedupe(values: list[Any] | None) -> list[Any] | None:
    return None if values is None else list(dict.fromkeys(values))


class InventoryIn(Strict):
    available_qty: Qty
    low_stock_threshold: Qty | None = None


class InventoryPatchIn(Strict):
    available_qty: Qty | None = None
    low_stock_threshold: Qty | None = None


class VolumeDiscountIn(Strict):
    min_qty: Annotated[StrictInt, Field(ge=1, le=MAX_QTY)]
    discount_percent: Annotated[
        Decimal,
        Field(ge=0, le=100, max_digits=7, decimal_places=4),
        WithJsonSchema({"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.0001}),
    ]


def _unique_tiers(tiers: list[VolumeDiscountIn] | None) -> list[VolumeDiscountIn] | None:
    if tiers is None:
        return None
    dupes = sorted(q for q, n in Counter(t.min_qty for t in tiers).items() if n > 1)
    if dupes:
        raise ValueError(f"duplicate min_qty: {', '.join(str(d) for d in dupes)}")
    return tiers


class _ProductFields(Strict):
    subtitle: Title | None = None
    body_html: Annotated[str, StringConstraints(max_length=MAX_BODY_HTML)] | None = None
    strain: ShortText | None = None
    classification: Classification | None = None
    batch_id: ShortText | None = None
    metric_tag: ShortText | None = None
    barcode: ShortText | None = None
    packaging_type: ShortText | None = None
    compare_at_price_cents: Cents | None = None
    thc_percent: Percent | None = None
    cbd_percent: Percent | None = None
    media_ids: Annotated[list[UUID], Field(max_length=MAX_MEDIA)] | None = None
    volume_discounts: Annotated[list[VolumeDiscountIn], Field(max_length=MAX_TIERS)] | None = None
    coa_media_id: UUID | None = None
    draft_id: UUID | None = None

    _dedupe_media = field_validator("media_ids")(_dedupe)
    _tiers = field_validator("volume_discounts")(_unique_tiers)


# the body's rules between fields (pf_common.schemas: a broken one is 400 naming the field)
_TIERS_UNIQUE = unique_by("volume_discounts", "min_qty")
_LIMITS = compare("max_qty", ">=", "moq", unless=0)  # 0 = unlimited


class ProductIn(_ProductFields):
    model_config = ConfigDict(json_schema_extra=rules(_TIERS_UNIQUE, _LIMITS))

    sku: Sku
    title: Title
    category: Category
    feelings: Feelings
    flavors: Flavors
    usage: Usages
    unit: Unit
    moq: Annotated[StrictInt, Field(ge=1, le=MAX_QTY)] = 1
    price_cents: Cents
    max_qty: Qty = 0
    is_active: StrictBool = True
    is_featured: StrictBool = False
    inventory: InventoryIn

    _dedupe_tags = field_validator("feelings", "flavors", "usage")(_dedupe)


# Fields a PATCH may not set to null (the product's NOT NULL columns).
_REQUIRED: tuple[str, ...] = (
    "sku",
    "title",
    "category",
    "feelings",
    "flavors",
    "usage",
    "unit",
    "moq",
    "price_cents",
)
_REQUIRED += ("max_qty", "is_active", "is_featured", "inventory")


class ProductPatchIn(_ProductFields):
    # with one of moq/max_qty the other is the stored product's: 422 when they clash
    model_config = ConfigDict(json_schema_extra=rules(_TIERS_UNIQUE, _LIMITS))

    sku: Sku | None = None
    title: Title | None = None
    category: Category | None = None
    feelings: Feelings | None = None
    flavors: Flavors | None = None
    usage: Usages | None = None
    unit: Unit | None = None
    moq: Annotated[StrictInt, Field(ge=1, le=MAX_QTY)] | None = None
    price_cents: Cents | None = None
    max_qty: Qty | None = None
    is_active: StrictBool | None = None
    is_featured: StrictBool | None = None
    inventory: InventoryPatchIn | None = None

    # absent means unchanged; null is refused (400) and the schema does not offer it
    not_nullable = _REQUIRED

    _dedupe_tags = field_validator("feelings", "flavors", "usage")(_dedupe)


def _domain_fields(body: _ProductFields, *, partial: bool) -> dict[str, Any]:
    fields = body.model_dump(exclude_unset=partial, exclude={"volume_discounts", "inventory"})
    if "volume_discounts" in body.model_fields_set or not partial:
        fields["volume_discounts"] = [
            vendor_products.Tier(t.min_qty, t.discount_percent) for t in body.volume_discounts or []
        ]
    inventory = getattr(body, "inventory", None)
    if inventory is not None:
        fields["inventory"] = inventory.model_dump(exclude_unset=partial)
    return fields


async def _dto(session: WriteSession, principal: Principal, product_id: UUID) -> ProductDTO:
    """The product as written. ``coa_read_url`` stays null here: no call to media while this
    transaction holds the product's row lock (HOUSE_STYLE §3.2); GET /products/{id} signs it."""
    return product_dto(await vendor_products.get_own_detail(session, principal, product_id))


@router.post(
    "/api/v1/vendor/products",
    status_code=201,
    dependencies=[Depends(_operator_guard), Idempotent(hours=IDEMPOTENCY_HOURS)],
    responses=errors(
        400,
        404,
        409,
        notes={
            400: "a body rule (`x-pf-rules`): `max_qty` below `moq`, or two tiers with one `min_qty` "
            "(`details`)",
            404: "a media (gallery, COA) or the draft is unknown, of another store or of the wrong kind",
            409: "the SKU is already used by another of the store's products",
        },
    ),
)
async def create_product(
    body: ProductIn, session: WriteSession, principal: Operator
) -> dict[str, ProductDTO]:
    product = await vendor_products.create_product(
        session, principal, _domain_fields(body, partial=False), now=datetime.now(UTC)
    )
    return {"data": await _dto(session, principal, product.id)}


@router.patch(
    "/api/v1/vendor/products/{product_id}",
    responses=errors(
        400,
        404,
        409,
        422,
        notes={
            400: "a body rule (`x-pf-rules`): `max_qty` below `moq` (both sent), or two tiers with "
            "one `min_qty` (`details`)",
            404: "unknown product (or another store's), or a media or draft as for create",
            409: "the SKU is already used by another of the store's products",
            422: "one of `moq`/`max_qty` sent and the product's stored other one clashes with it",
        },
    ),
)
async def update_product(
    product_id: UUID, body: ProductPatchIn, session: WriteSession, principal: Operator
) -> dict[str, ProductDTO]:
    await vendor_products.update_product(
        session, principal, product_id, _domain_fields(body, partial=True), now=datetime.now(UTC)
    )
    return {"data": await _dto(session, principal, product_id)}


@router.delete(
    "/api/v1/vendor/products/{product_id}",
    status_code=204,
    response_class=Response,
    responses=errors(
        404,
        409,
        notes={
            404: "unknown product, or one of another store",
            409: "the product has held or confirmed reservations",
        },
    ),
)
async def delete_product(product_id: UUID, session: WriteSession, principal: Operator) -> Response:
    await vendor_products.delete_product(session, principal, product_id, now=datetime.now(UTC))
    return Response(status_code=204)
