from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_plan_api_admin_v1_billing_plans_plan_id_delete_response_delete_plan_api_admin_v1_billing_plans_plan_id_delete import (
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    plan_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/admin/v1/billing/plans/{plan_id}".format(
            plan_id=quote(str(plan_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete
    | ErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete.from_dict(
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
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete
    | ErrorResponse
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
) -> Response[
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete
    | ErrorResponse
]:
    """Delete Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete | ErrorResponse]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    plan_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete
    | ErrorResponse
    | None
):
    """Delete Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete | ErrorResponse
    """

    return sync_detailed(
        plan_id=plan_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    plan_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete
    | ErrorResponse
]:
    """Delete Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete | ErrorResponse]
    """

    kwargs = _get_kwargs(
        plan_id=plan_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    plan_id: str,
    *,
    client: AuthenticatedClient,
) -> (
    DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete
    | ErrorResponse
    | None
):
    """Delete Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletePlanApiAdminV1BillingPlansPlanIdDeleteResponseDeletePlanApiAdminV1BillingPlansPlanIdDelete | ErrorResponse
    """

    return (
        await asyncio_detailed(
            plan_id=plan_id,
            client=client,
        )
    ).parsed
