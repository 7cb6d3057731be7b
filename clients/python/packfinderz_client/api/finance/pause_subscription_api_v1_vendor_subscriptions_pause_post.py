from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.pause_subscription_api_v1_vendor_subscriptions_pause_post_response_pause_subscription_api_v1_vendor_subscriptions_pause_post import (
    PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost,
)
from ...types import Response


def _get_kwargs(
    *,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/vendor/subscriptions/pause",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
    | None
):
    if response.status_code == 200:
        response_200 = PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost.from_dict(
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

    if response.status_code == 409:
        response_409 = ErrorResponse.from_dict(response.json())

        return response_409

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

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
    | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> Response[
    ErrorResponse
    | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
]:
    """Pause Subscription

     Pause: `paused`, and the store's products are hidden until it resumes.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost]
    """

    kwargs = _get_kwargs(
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> (
    ErrorResponse
    | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
    | None
):
    """Pause Subscription

     Pause: `paused`, and the store's products are hidden until it resumes.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
    """

    return sync_detailed(
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> Response[
    ErrorResponse
    | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
]:
    """Pause Subscription

     Pause: `paused`, and the store's products are hidden until it resumes.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost]
    """

    kwargs = _get_kwargs(
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> (
    ErrorResponse
    | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
    | None
):
    """Pause Subscription

     Pause: `paused`, and the store's products are hidden until it resumes.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PauseSubscriptionApiV1VendorSubscriptionsPausePostResponsePauseSubscriptionApiV1VendorSubscriptionsPausePost
    """

    return (
        await asyncio_detailed(
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
