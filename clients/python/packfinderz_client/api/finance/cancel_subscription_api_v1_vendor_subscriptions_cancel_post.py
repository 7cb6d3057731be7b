from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_subscription_api_v1_vendor_subscriptions_cancel_post_response_cancel_subscription_api_v1_vendor_subscriptions_cancel_post import (
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/vendor/subscriptions/cancel",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost
    | ErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost.from_dict(
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
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost
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
    idempotency_key: str,
) -> Response[
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost
    | ErrorResponse
]:
    """Cancel Subscription

     Cancel at the end of the period (`cancel_at_period_end` true; the store stays visible until
    then); a past-due subscription is canceled at once. Already canceled: answered as it is.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost | ErrorResponse]
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
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost
    | ErrorResponse
    | None
):
    """Cancel Subscription

     Cancel at the end of the period (`cancel_at_period_end` true; the store stays visible until
    then); a past-due subscription is canceled at once. Already canceled: answered as it is.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost | ErrorResponse
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
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost
    | ErrorResponse
]:
    """Cancel Subscription

     Cancel at the end of the period (`cancel_at_period_end` true; the store stays visible until
    then); a past-due subscription is canceled at once. Already canceled: answered as it is.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost | ErrorResponse]
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
    CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost
    | ErrorResponse
    | None
):
    """Cancel Subscription

     Cancel at the end of the period (`cancel_at_period_end` true; the store stays visible until
    then); a past-due subscription is canceled at once. Already canceled: answered as it is.

    Args:
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CancelSubscriptionApiV1VendorSubscriptionsCancelPostResponseCancelSubscriptionApiV1VendorSubscriptionsCancelPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
