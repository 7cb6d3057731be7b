from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.store_update_in import StoreUpdateIn
from ...models.update_my_store_api_v1_stores_me_put_response_update_my_store_api_v1_stores_me_put import (
    UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut,
)
from ...types import Response


def _get_kwargs(
    *,
    body: StoreUpdateIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/stores/me",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut | None:
    if response.status_code == 200:
        response_200 = UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut.from_dict(
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

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: StoreUpdateIn,
) -> Response[ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut]:
    """Update My Store

    Args:
        body (StoreUpdateIn): PUT /stores/me: every field optional; a field sent as null clears it
            (company_name excepted).

            ``logo_media_id``/``banner_media_id`` name media of the caller's store (kind store/other,
            uploaded/ready; else 404, checked against identity's media projection).
            Address, type and KYC are not writable: like any unknown field they are a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: StoreUpdateIn,
) -> ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut | None:
    """Update My Store

    Args:
        body (StoreUpdateIn): PUT /stores/me: every field optional; a field sent as null clears it
            (company_name excepted).

            ``logo_media_id``/``banner_media_id`` name media of the caller's store (kind store/other,
            uploaded/ready; else 404, checked against identity's media projection).
            Address, type and KYC are not writable: like any unknown field they are a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: StoreUpdateIn,
) -> Response[ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut]:
    """Update My Store

    Args:
        body (StoreUpdateIn): PUT /stores/me: every field optional; a field sent as null clears it
            (company_name excepted).

            ``logo_media_id``/``banner_media_id`` name media of the caller's store (kind store/other,
            uploaded/ready; else 404, checked against identity's media projection).
            Address, type and KYC are not writable: like any unknown field they are a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: StoreUpdateIn,
) -> ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut | None:
    """Update My Store

    Args:
        body (StoreUpdateIn): PUT /stores/me: every field optional; a field sent as null clears it
            (company_name excepted).

            ``logo_media_id``/``banner_media_id`` name media of the caller's store (kind store/other,
            uploaded/ready; else 404, checked against identity's media projection).
            Address, type and KYC are not writable: like any unknown field they are a 400.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | UpdateMyStoreApiV1StoresMePutResponseUpdateMyStoreApiV1StoresMePut
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
