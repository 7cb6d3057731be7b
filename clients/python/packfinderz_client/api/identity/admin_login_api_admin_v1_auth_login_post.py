from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_login_api_admin_v1_auth_login_post_response_admin_login_api_admin_v1_auth_login_post import (
    AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost,
)
from ...models.error_response import ErrorResponse
from ...models.login_in import LoginIn
from ...types import Response


def _get_kwargs(
    *,
    body: LoginIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/admin/v1/auth/login",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost.from_dict(
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

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> Response[AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse]:
    """Admin Login

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse]
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
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse | None:
    """Admin Login

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> Response[AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse]:
    """Admin Login

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LoginIn,
) -> AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse | None:
    """Admin Login

    Args:
        body (LoginIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminLoginApiAdminV1AuthLoginPostResponseAdminLoginApiAdminV1AuthLoginPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
