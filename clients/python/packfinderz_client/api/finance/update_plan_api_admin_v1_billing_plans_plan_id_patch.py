from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.plan_patch import PlanPatch
from ...models.update_plan_api_admin_v1_billing_plans_plan_id_patch_response_update_plan_api_admin_v1_billing_plans_plan_id_patch import (
    UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch,
)
from ...types import Response


def _get_kwargs(
    plan_id: str,
    *,
    body: PlanPatch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/admin/v1/billing/plans/{plan_id}".format(
            plan_id=quote(str(plan_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
    | None
):
    if response.status_code == 200:
        response_200 = UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    ErrorResponse
    | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    plan_id: str,
    *,
    client: AuthenticatedClient,
    body: PlanPatch,
) -> Response[
    ErrorResponse
    | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
]:
    """Update Plan

    Args:
        plan_id (str): the plan's slug id
        body (PlanPatch): Any field of the creation but ``id`` (an ``id`` is an unknown field:
            400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    plan_id: str,
    *,
    client: AuthenticatedClient,
    body: PlanPatch,
) -> (
    ErrorResponse
    | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
    | None
):
    """Update Plan

    Args:
        plan_id (str): the plan's slug id
        body (PlanPatch): Any field of the creation but ``id`` (an ``id`` is an unknown field:
            400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
    """

    return sync_detailed(
        plan_id=plan_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    plan_id: str,
    *,
    client: AuthenticatedClient,
    body: PlanPatch,
) -> Response[
    ErrorResponse
    | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
]:
    """Update Plan

    Args:
        plan_id (str): the plan's slug id
        body (PlanPatch): Any field of the creation but ``id`` (an ``id`` is an unknown field:
            400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    plan_id: str,
    *,
    client: AuthenticatedClient,
    body: PlanPatch,
) -> (
    ErrorResponse
    | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
    | None
):
    """Update Plan

    Args:
        plan_id (str): the plan's slug id
        body (PlanPatch): Any field of the creation but ``id`` (an ``id`` is an unknown field:
            400).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdatePlanApiAdminV1BillingPlansPlanIdPatchResponseUpdatePlanApiAdminV1BillingPlansPlanIdPatch
    """

    return (
        await asyncio_detailed(
            plan_id=plan_id,
            client=client,
            body=body,
        )
    ).parsed
