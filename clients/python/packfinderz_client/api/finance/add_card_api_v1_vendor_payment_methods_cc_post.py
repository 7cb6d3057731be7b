from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_card_api_v1_vendor_payment_methods_cc_post_response_add_card_api_v1_vendor_payment_methods_cc_post import (
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost,
)
from ...models.add_card_request import AddCardRequest
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: AddCardRequest,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/vendor/payment-methods/cc",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost
    | ErrorResponse
    | None
):
    if response.status_code == 201:
        response_201 = (
            AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost.from_dict(
                response.json()
            )
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
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse
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
    body: AddCardRequest,
    idempotency_key: str,
) -> Response[
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse
]:
    """Add Card

    Args:
        idempotency_key (str):
        body (AddCardRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse]
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
    body: AddCardRequest,
    idempotency_key: str,
) -> (
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost
    | ErrorResponse
    | None
):
    """Add Card

    Args:
        idempotency_key (str):
        body (AddCardRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AddCardRequest,
    idempotency_key: str,
) -> Response[
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse
]:
    """Add Card

    Args:
        idempotency_key (str):
        body (AddCardRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse]
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
    body: AddCardRequest,
    idempotency_key: str,
) -> (
    AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost
    | ErrorResponse
    | None
):
    """Add Card

    Args:
        idempotency_key (str):
        body (AddCardRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddCardApiV1VendorPaymentMethodsCcPostResponseAddCardApiV1VendorPaymentMethodsCcPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
