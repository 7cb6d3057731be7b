from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.receive_stripe_event_api_v1_webhooks_stripe_post_body import (
    ReceiveStripeEventApiV1WebhooksStripePostBody,
)
from ...models.receive_stripe_event_api_v1_webhooks_stripe_post_response_receive_stripe_event_api_v1_webhooks_stripe_post import (
    ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost,
)
from ...types import Response


def _get_kwargs(
    *,
    body: ReceiveStripeEventApiV1WebhooksStripePostBody,
    stripe_signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/webhooks/stripe",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
    | None
):
    if response.status_code == 200:
        response_200 = ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

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
    ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
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
    body: ReceiveStripeEventApiV1WebhooksStripePostBody,
    stripe_signature: str,
) -> Response[
    ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
]:
    """Receive a Stripe event

    Args:
        stripe_signature (str): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">` (one
            or more v1)
        body (ReceiveStripeEventApiV1WebhooksStripePostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveStripeEventApiV1WebhooksStripePostBody,
    stripe_signature: str,
) -> (
    ErrorResponse
    | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
    | None
):
    """Receive a Stripe event

    Args:
        stripe_signature (str): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">` (one
            or more v1)
        body (ReceiveStripeEventApiV1WebhooksStripePostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
    """

    return sync_detailed(
        client=client,
        body=body,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveStripeEventApiV1WebhooksStripePostBody,
    stripe_signature: str,
) -> Response[
    ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
]:
    """Receive a Stripe event

    Args:
        stripe_signature (str): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">` (one
            or more v1)
        body (ReceiveStripeEventApiV1WebhooksStripePostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ReceiveStripeEventApiV1WebhooksStripePostBody,
    stripe_signature: str,
) -> (
    ErrorResponse
    | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
    | None
):
    """Receive a Stripe event

    Args:
        stripe_signature (str): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">` (one
            or more v1)
        body (ReceiveStripeEventApiV1WebhooksStripePostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ReceiveStripeEventApiV1WebhooksStripePostResponseReceiveStripeEventApiV1WebhooksStripePost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            stripe_signature=stripe_signature,
        )
    ).parsed
