from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_my_store_api_v1_stores_me_get_response_get_my_store_api_v1_stores_me_get import (
    GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet,
)
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/stores/me",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet | None:
    if response.status_code == 200:
        response_200 = GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet.from_dict(response.json())

        return response_200

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
) -> Response[ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet]:
    """Get My Store

     The caller's active store, every field included (READ; 403 without an active store).

    ``licenses`` lists every license of the store, newest first, with its facts only (number,
    type, issuing state, status, expiration date): the documents and their signed URLs are
    served by ``GET /api/v1/licenses``, so this read makes no call to media.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet | None:
    """Get My Store

     The caller's active store, every field included (READ; 403 without an active store).

    ``licenses`` lists every license of the store, newest first, with its facts only (number,
    type, issuing state, status, expiration date): the documents and their signed URLs are
    served by ``GET /api/v1/licenses``, so this read makes no call to media.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet]:
    """Get My Store

     The caller's active store, every field included (READ; 403 without an active store).

    ``licenses`` lists every license of the store, newest first, with its facts only (number,
    type, issuing state, status, expiration date): the documents and their signed URLs are
    served by ``GET /api/v1/licenses``, so this read makes no call to media.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet | None:
    """Get My Store

     The caller's active store, every field included (READ; 403 without an active store).

    ``licenses`` lists every license of the store, newest first, with its facts only (number,
    type, issuing state, status, expiration date): the documents and their signed URLs are
    served by ``GET /api/v1/licenses``, so this read makes no call to media.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMyStoreApiV1StoresMeGetResponseGetMyStoreApiV1StoresMeGet
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
