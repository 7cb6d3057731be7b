from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.register_api_v1_auth_register_post_response_register_api_v1_auth_register_post import (
    RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost,
)
from ...models.register_in import RegisterIn
from ...types import Response


def _get_kwargs(
    *,
    body: RegisterIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/register",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost | None:
    if response.status_code == 201:
        response_201 = RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost.from_dict(
            response.json()
        )

        return response_201

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
) -> Response[ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterIn,
    idempotency_key: str,
) -> Response[ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost]:
    """Register

     User + first store + owner membership; emits ``store_created``.

    Args:
        idempotency_key (str):
        body (RegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterIn,
    idempotency_key: str,
) -> ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost | None:
    """Register

     User + first store + owner membership; emits ``store_created``.

    Args:
        idempotency_key (str):
        body (RegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterIn,
    idempotency_key: str,
) -> Response[ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost]:
    """Register

     User + first store + owner membership; emits ``store_created``.

    Args:
        idempotency_key (str):
        body (RegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterIn,
    idempotency_key: str,
) -> ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost | None:
    """Register

     User + first store + owner membership; emits ``store_created``.

    Args:
        idempotency_key (str):
        body (RegisterIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RegisterApiV1AuthRegisterPostResponseRegisterApiV1AuthRegisterPost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
