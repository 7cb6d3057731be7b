from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_media_api_v1_media_get_response_list_media_api_v1_media_get import (
    ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet,
)
from ...models.media_kind import MediaKind
from ...models.media_status import MediaStatus
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    kind: MediaKind | None | Unset = UNSET,
    status: MediaStatus | None | Unset = UNSET,
    mime_type: None | str | Unset = UNSET,
    search: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, MediaKind):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, MediaStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_mime_type: None | str | Unset
    if isinstance(mime_type, Unset):
        json_mime_type = UNSET
    else:
        json_mime_type = mime_type
    params["mime_type"] = json_mime_type

    json_search: None | str | Unset
    if isinstance(search, Unset):
        json_search = UNSET
    else:
        json_search = search
    params["search"] = json_search

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
        "url": "/api/v1/media",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet | None:
    if response.status_code == 200:
        response_200 = ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet.from_dict(response.json())

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

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    kind: MediaKind | None | Unset = UNSET,
    status: MediaStatus | None | Unset = UNSET,
    mime_type: None | str | Unset = UNSET,
    search: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet]:
    """List Media

    Args:
        kind (MediaKind | None | Unset):
        status (MediaStatus | None | Unset):
        mime_type (None | str | Unset):
        search (None | str | Unset):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet]
    """

    kwargs = _get_kwargs(
        kind=kind,
        status=status,
        mime_type=mime_type,
        search=search,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    kind: MediaKind | None | Unset = UNSET,
    status: MediaStatus | None | Unset = UNSET,
    mime_type: None | str | Unset = UNSET,
    search: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet | None:
    """List Media

    Args:
        kind (MediaKind | None | Unset):
        status (MediaStatus | None | Unset):
        mime_type (None | str | Unset):
        search (None | str | Unset):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet
    """

    return sync_detailed(
        client=client,
        kind=kind,
        status=status,
        mime_type=mime_type,
        search=search,
        limit=limit,
        cursor=cursor,
        page=page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    kind: MediaKind | None | Unset = UNSET,
    status: MediaStatus | None | Unset = UNSET,
    mime_type: None | str | Unset = UNSET,
    search: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet]:
    """List Media

    Args:
        kind (MediaKind | None | Unset):
        status (MediaStatus | None | Unset):
        mime_type (None | str | Unset):
        search (None | str | Unset):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet]
    """

    kwargs = _get_kwargs(
        kind=kind,
        status=status,
        mime_type=mime_type,
        search=search,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    kind: MediaKind | None | Unset = UNSET,
    status: MediaStatus | None | Unset = UNSET,
    mime_type: None | str | Unset = UNSET,
    search: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet | None:
    """List Media

    Args:
        kind (MediaKind | None | Unset):
        status (MediaStatus | None | Unset):
        mime_type (None | str | Unset):
        search (None | str | Unset):
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListMediaApiV1MediaGetResponseListMediaApiV1MediaGet
    """

    return (
        await asyncio_detailed(
            client=client,
            kind=kind,
            status=status,
            mime_type=mime_type,
            search=search,
            limit=limit,
            cursor=cursor,
            page=page,
        )
    ).parsed
