from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_vendor_plan_api_v1_vendor_billing_plans_plan_id_get_response_get_vendor_plan_api_v1_vendor_billing_plans_plan_id_get import (
    GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet,
)
from ...types import Response


def _get_kwargs(
    plan_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/vendor/billing/plans/{plan_id}".format(
            plan_id=quote(str(plan_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
    | None
):
    if response.status_code == 200:
        response_200 = GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet.from_dict(
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
    ErrorResponse
    | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
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
    ErrorResponse
    | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
]:
    """Get Vendor Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet]
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
    ErrorResponse
    | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
    | None
):
    """Get Vendor Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
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
    ErrorResponse
    | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
]:
    """Get Vendor Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet]
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
    ErrorResponse
    | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
    | None
):
    """Get Vendor Plan

    Args:
        plan_id (str): the plan's slug id

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetVendorPlanApiV1VendorBillingPlansPlanIdGetResponseGetVendorPlanApiV1VendorBillingPlansPlanIdGet
    """

    return (
        await asyncio_detailed(
            plan_id=plan_id,
            client=client,
        )
    ).parsed
