from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_subscription_api_v1_vendor_subscriptions_post_response_200_create_subscription_api_v1_vendor_subscriptions_post import (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost,
)
from ...models.create_subscription_api_v1_vendor_subscriptions_post_response_create_subscription_api_v1_vendor_subscriptions_post import (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost,
)
from ...models.error_response import ErrorResponse
from ...models.subscribe_in import SubscribeIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: None | SubscribeIn | Unset = UNSET,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/vendor/subscriptions",
    }

    if isinstance(body, SubscribeIn):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost
    | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost
    | ErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 201:
        response_201 = CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost.from_dict(
            response.json()
        )

        return response_201

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
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost
    | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost
    | ErrorResponse
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
    body: None | SubscribeIn | Unset = UNSET,
    idempotency_key: str,
) -> Response[
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost
    | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost
    | ErrorResponse
]:
    """Create Subscription

     Subscribe the store to a plan (default plan and default card when not named).

    Args:
        idempotency_key (str):
        body (None | SubscribeIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost | ErrorResponse]
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
    client: AuthenticatedClient,
    body: None | SubscribeIn | Unset = UNSET,
    idempotency_key: str,
) -> (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost
    | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost
    | ErrorResponse
    | None
):
    """Create Subscription

     Subscribe the store to a plan (default plan and default card when not named).

    Args:
        idempotency_key (str):
        body (None | SubscribeIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: None | SubscribeIn | Unset = UNSET,
    idempotency_key: str,
) -> Response[
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost
    | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost
    | ErrorResponse
]:
    """Create Subscription

     Subscribe the store to a plan (default plan and default card when not named).

    Args:
        idempotency_key (str):
        body (None | SubscribeIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: None | SubscribeIn | Unset = UNSET,
    idempotency_key: str,
) -> (
    CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost
    | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost
    | ErrorResponse
    | None
):
    """Create Subscription

     Subscribe the store to a plan (default plan and default card when not named).

    Args:
        idempotency_key (str):
        body (None | SubscribeIn | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateSubscriptionApiV1VendorSubscriptionsPostResponse200CreateSubscriptionApiV1VendorSubscriptionsPost | CreateSubscriptionApiV1VendorSubscriptionsPostResponseCreateSubscriptionApiV1VendorSubscriptionsPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
