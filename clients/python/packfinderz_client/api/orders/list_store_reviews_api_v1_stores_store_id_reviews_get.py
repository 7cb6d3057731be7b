from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_store_reviews_api_v1_stores_store_id_reviews_get_response_list_store_reviews_api_v1_stores_store_id_reviews_get import (
    ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    store_id: UUID,
    *,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_page: int | None | Unset
    if isinstance(page, Unset):
        json_page = UNSET
    else:
        json_page = page
    params["page"] = json_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/stores/{store_id}/reviews".format(
            store_id=quote(str(store_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
    | None
):
    if response.status_code == 200:
        response_200 = ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet.from_dict(
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
    | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
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
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[
    ErrorResponse
    | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
]:
    """List Store Reviews

    Args:
        store_id (UUID):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> (
    ErrorResponse
    | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
    | None
):
    """List Store Reviews

    Args:
        store_id (UUID):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
    """

    return sync_detailed(
        store_id=store_id,
        client=client,
        limit=limit,
        cursor=cursor,
        page=page,
    ).parsed


async def asyncio_detailed(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[
    ErrorResponse
    | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
]:
    """List Store Reviews

    Args:
        store_id (UUID):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet]
    """

    kwargs = _get_kwargs(
        store_id=store_id,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    store_id: UUID,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> (
    ErrorResponse
    | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
    | None
):
    """List Store Reviews

    Args:
        store_id (UUID):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListStoreReviewsApiV1StoresStoreIdReviewsGetResponseListStoreReviewsApiV1StoresStoreIdReviewsGet
    """

    return (
        await asyncio_detailed(
            store_id=store_id,
            client=client,
            limit=limit,
            cursor=cursor,
            page=page,
        )
    ).parsed
