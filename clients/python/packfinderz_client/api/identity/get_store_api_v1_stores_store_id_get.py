from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_store_api_v1_stores_store_id_get_response_get_store_api_v1_stores_store_id_get import (
    GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet,
)
from ...types import Response


def _get_kwargs(
    store_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/stores/{store_id}".format(
            store_id=quote(str(store_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet | None:
    if response.status_code == 200:
        response_200 = GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet.from_dict(
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
) -> Response[ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet]:
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
) -> Response[ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet]:
    """Get Store

     Any store's profile by id (READ, any store; 404 unknown store, 400 malformed id).

    A reader whose active store is this store gets every field, as on ``/stores/me`` (so
    would a system admin, ``views.sees_private_fields``, but this route needs an active
    store: an admin token is a 403). Any other reader, a member of this store acting for
    another store included, gets the business profile: the same fields and licenses
    (number, type, issuing state, status, expiration date; never a document, media id or
    signed URL), with the owner's personal e-mail and the activity timestamps
    (``owner_detail.email``, ``owner_detail.last_active_at``, ``last_active_at``,
    ``last_logged_in_at``) present and null.

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet]
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
) -> ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet | None:
    """Get Store

     Any store's profile by id (READ, any store; 404 unknown store, 400 malformed id).

    A reader whose active store is this store gets every field, as on ``/stores/me`` (so
    would a system admin, ``views.sees_private_fields``, but this route needs an active
    store: an admin token is a 403). Any other reader, a member of this store acting for
    another store included, gets the business profile: the same fields and licenses
    (number, type, issuing state, status, expiration date; never a document, media id or
    signed URL), with the owner's personal e-mail and the activity timestamps
    (``owner_detail.email``, ``owner_detail.last_active_at``, ``last_active_at``,
    ``last_logged_in_at``) present and null.

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet
    """

    return sync_detailed(
        store_id=store_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet]:
    """Get Store

     Any store's profile by id (READ, any store; 404 unknown store, 400 malformed id).

    A reader whose active store is this store gets every field, as on ``/stores/me`` (so
    would a system admin, ``views.sees_private_fields``, but this route needs an active
    store: an admin token is a 403). Any other reader, a member of this store acting for
    another store included, gets the business profile: the same fields and licenses
    (number, type, issuing state, status, expiration date; never a document, media id or
    signed URL), with the owner's personal e-mail and the activity timestamps
    (``owner_detail.email``, ``owner_detail.last_active_at``, ``last_active_at``,
    ``last_logged_in_at``) present and null.

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet]
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
) -> ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet | None:
    """Get Store

     Any store's profile by id (READ, any store; 404 unknown store, 400 malformed id).

    A reader whose active store is this store gets every field, as on ``/stores/me`` (so
    would a system admin, ``views.sees_private_fields``, but this route needs an active
    store: an admin token is a 403). Any other reader, a member of this store acting for
    another store included, gets the business profile: the same fields and licenses
    (number, type, issuing state, status, expiration date; never a document, media id or
    signed URL), with the owner's personal e-mail and the activity timestamps
    (``owner_detail.email``, ``owner_detail.last_active_at``, ``last_active_at``,
    ``last_logged_in_at``) present and null.

    Args:
        store_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetStoreApiV1StoresStoreIdGetResponseGetStoreApiV1StoresStoreIdGet
    """

    return (
        await asyncio_detailed(
            store_id=store_id,
            client=client,
        )
    ).parsed
