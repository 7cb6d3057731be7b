from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.refresh_api_v1_auth_refresh_post_response_refresh_api_v1_auth_refresh_post import (
    RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost,
)
from ...models.refresh_in import RefreshIn
from ...types import Response


def _get_kwargs(
    *,
    body: RefreshIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/refresh",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost | None:
    if response.status_code == 200:
        response_200 = RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: RefreshIn,
) -> Response[ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost]:
    """Refresh

    Args:
        body (RefreshIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost]
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
    body: RefreshIn,
) -> ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost | None:
    """Refresh

    Args:
        body (RefreshIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RefreshIn,
) -> Response[ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost]:
    """Refresh

    Args:
        body (RefreshIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RefreshIn,
) -> ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost | None:
    """Refresh

    Args:
        body (RefreshIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RefreshApiV1AuthRefreshPostResponseRefreshApiV1AuthRefreshPost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
