from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_orders_with_vendor_api_v1_stores_store_id_orders_get_response_list_orders_with_vendor_api_v1_stores_store_id_orders_get import (
    ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet,
)
from ...types import Response


def _get_kwargs(
    store_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/stores/{store_id}/orders".format(
            store_id=quote(str(store_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
    | None
):
    if response.status_code == 200:
        response_200 = ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet.from_dict(
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
    | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
]:
    """List Orders With Vendor

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
    | None
):
    """List Orders With Vendor

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
    """

    return sync_detailed(
        store_id=store_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
]:
    """List Orders With Vendor

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
    | None
):
    """List Orders With Vendor

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListOrdersWithVendorApiV1StoresStoreIdOrdersGetResponseListOrdersWithVendorApiV1StoresStoreIdOrdersGet
    """

    return (
        await asyncio_detailed(
            store_id=store_id,
            client=client,
        )
    ).parsed
