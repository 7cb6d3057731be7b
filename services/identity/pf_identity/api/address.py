"""Address autocomplete: ``GET /api/v1/address/suggest`` and ``POST /api/v1/address/resolve``.

Public (no token), rate-limited per client IP: one ``address`` policy shared by
both routes, ``address_rate_limit_per_minute`` (default 60) hits per sliding
minute, 429 ``RATE_LIMIT_EXCEEDED`` with ``Retry-After`` beyond it (spec/NFR.md §5;
fail-open if Redis is down, like the auth throttles). Invalid requests count too.

The provider is the process's (``IdentityContext.places``: Google Places when
``places_api_key`` is set, else the offline ZIP data), built once with the context.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response

from pf_common.openapi import errors
from pf_common.ratelimit import Policy, enforce, ip_key
from pf_common.routing import APIRouter
from pf_identity.api.deps import Ctx
from pf_identity.api.schemas_address import (
    DataEnvelope,
    ResolvedAddressOut,
    ResolveRequest,
    SuggestionOut,
    SuggestionsOut,
    SuggestQuery,
)
from pf_identity.domain import address

__all__ = ["RATE_LIMIT_POLICY", "address_rate_limit", "get_places_provider", "router"]

RATE_LIMIT_POLICY = "address"
RATE_LIMIT_WINDOW_S = 60

_NOTES = {
    400: "an invalid query or place id (`details` names the field)",
    429: "over the per-IP `address` limit; retry after `Retry-After` seconds",
    503: "the places provider is unavailable",
}

router = APIRouter(prefix="/api/v1/address", tags=["address"])


async def get_places_provider(ctx: Ctx) -> address.PlacesProvider:
    """The process's places provider (see the module docstring)."""
    return ctx.places


async def address_rate_limit(request: Request, response: Response, ctx: Ctx) -> None:
    """The per-IP ``address`` policy, its limit read from the settings."""
    policy = Policy(RATE_LIMIT_POLICY, ctx.settings.address_rate_limit_per_minute, RATE_LIMIT_WINDOW_S)
    await enforce(request, policy, ip_key(policy)(request), response=response)


Provider = Annotated[address.PlacesProvider, Depends(get_places_provider)]


@router.get(
    "/suggest",
    response_model=DataEnvelope[SuggestionsOut],
    dependencies=[Depends(address_rate_limit)],
    responses=errors(400, 429, 503, notes=_NOTES),
    summary="Address suggestions for a partial query",
)
async def suggest(params: Annotated[SuggestQuery, Query()], provider: Provider) -> dict[str, Any]:
    found = await address.suggest_addresses(
        provider, params.query, country=params.country, language=params.language
    )
    suggestions = [SuggestionOut.model_validate(s) for s in found]
    return {"data": SuggestionsOut(suggestions=suggestions)}


@router.post(
    "/resolve",
    response_model=DataEnvelope[ResolvedAddressOut],
    dependencies=[Depends(address_rate_limit)],
    responses=errors(400, 404, 429, 503, notes={**_NOTES, 404: "unknown place"}),
    summary="The address of a suggestion",
)
async def resolve(body: ResolveRequest, provider: Provider) -> dict[str, Any]:
    resolved = await address.resolve_address(provider, body.place_id)
    return {"data": ResolvedAddressOut.model_validate(resolved)}
