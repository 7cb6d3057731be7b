from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.kyc_in import KycIn
from ...models.set_kyc_api_admin_v1_stores_store_id_kyc_post_response_set_kyc_api_admin_v1_stores_store_id_kyc_post import (
    SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost,
)
from ...types import Response


def _get_kwargs(
    store_id: UUID,
    *,
    body: KycIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/admin/v1/stores/{store_id}/kyc".format(
            store_id=quote(str(store_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost | None:
    if response.status_code == 200:
        response_200 = (
            SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost.from_dict(
                response.json()
            )
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
    ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost
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
    body: KycIn,
) -> Response[
    ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost
]:
    """Set Kyc

    Args:
        store_id (UUID):
        body (KycIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
    body: KycIn,
) -> ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost | None:
    """Set Kyc

    Args:
        store_id (UUID):
        body (KycIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost
    """

    return sync_detailed(
        store_id=store_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
    body: KycIn,
) -> Response[
    ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost
]:
    """Set Kyc

    Args:
        store_id (UUID):
        body (KycIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
    body: KycIn,
) -> ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost | None:
    """Set Kyc

    Args:
        store_id (UUID):
        body (KycIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SetKycApiAdminV1StoresStoreIdKycPostResponseSetKycApiAdminV1StoresStoreIdKycPost
    """

    return (
        await asyncio_detailed(
            store_id=store_id,
            client=client,
            body=body,
        )
    ).parsed
