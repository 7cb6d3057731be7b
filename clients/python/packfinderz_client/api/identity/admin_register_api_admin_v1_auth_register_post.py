from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.admin_register_api_admin_v1_auth_register_post_response_admin_register_api_admin_v1_auth_register_post import (
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost,
)
from ...models.admin_register_in import AdminRegisterIn
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: AdminRegisterIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/admin/v1/auth/register",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost
    | ErrorResponse
    | None
):
    if response.status_code == 201:
        response_201 = (
            AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost.from_dict(
                response.json()
            )
        )

        return response_201

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

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
) -> Response[
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AdminRegisterIn,
) -> Response[
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse
]:
    """Admin Register

     Non-production only (403 in prod).

    Args:
        body (AdminRegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse]
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
    body: AdminRegisterIn,
) -> (
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost
    | ErrorResponse
    | None
):
    """Admin Register

     Non-production only (403 in prod).

    Args:
        body (AdminRegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AdminRegisterIn,
) -> Response[
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse
]:
    """Admin Register

     Non-production only (403 in prod).

    Args:
        body (AdminRegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AdminRegisterIn,
) -> (
    AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost
    | ErrorResponse
    | None
):
    """Admin Register

     Non-production only (403 in prod).

    Args:
        body (AdminRegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminRegisterApiAdminV1AuthRegisterPostResponseAdminRegisterApiAdminV1AuthRegisterPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
