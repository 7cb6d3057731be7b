from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_reconciliation_api_admin_v1_billing_reconciliation_get_response_get_reconciliation_api_admin_v1_billing_reconciliation_get import (
    GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet,
)
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/v1/billing/reconciliation",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
    | None
):
    if response.status_code == 200:
        response_200 = GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

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
    | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
]:
    """Get Reconciliation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
    | None
):
    """Get Reconciliation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
]:
    """Get Reconciliation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
    | None
):
    """Get Reconciliation

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetReconciliationApiAdminV1BillingReconciliationGetResponseGetReconciliationApiAdminV1BillingReconciliationGet
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
