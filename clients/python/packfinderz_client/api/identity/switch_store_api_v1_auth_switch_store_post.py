from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.switch_store_api_v1_auth_switch_store_post_response_switch_store_api_v1_auth_switch_store_post import (
    SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost,
)
from ...models.switch_store_in import SwitchStoreIn
from ...types import Response


def _get_kwargs(
    *,
    body: SwitchStoreIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/auth/switch-store",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost | None:
    if response.status_code == 200:
        response_200 = (
            SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost.from_dict(
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
) -> Response[ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SwitchStoreIn,
) -> Response[ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost]:
    """Switch Store

    Args:
        body (SwitchStoreIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost]
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
    body: SwitchStoreIn,
) -> ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost | None:
    """Switch Store

    Args:
        body (SwitchStoreIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SwitchStoreIn,
) -> Response[ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost]:
    """Switch Store

    Args:
        body (SwitchStoreIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SwitchStoreIn,
) -> ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost | None:
    """Switch Store

    Args:
        body (SwitchStoreIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SwitchStoreApiV1AuthSwitchStorePostResponseSwitchStoreApiV1AuthSwitchStorePost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
