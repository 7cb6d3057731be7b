from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get_response_get_checkout_confirmation_api_v1_checkout_identifier_confirmation_get import (
    GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet,
)
from ...types import Response


def _get_kwargs(
    identifier: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/checkout/{identifier}/confirmation".format(
            identifier=quote(str(identifier), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
    | None
):
    if response.status_code == 200:
        response_200 = GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet.from_dict(
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
    | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    identifier: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
]:
    """Get Checkout Confirmation

    Args:
        identifier (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet]
    """

    kwargs = _get_kwargs(
        identifier=identifier,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    identifier: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
    | None
):
    """Get Checkout Confirmation

    Args:
        identifier (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
    """

    return sync_detailed(
        identifier=identifier,
        client=client,
    ).parsed


async def asyncio_detailed(
    identifier: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
]:
    """Get Checkout Confirmation

    Args:
        identifier (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet]
    """

    kwargs = _get_kwargs(
        identifier=identifier,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    identifier: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
    | None
):
    """Get Checkout Confirmation

    Args:
        identifier (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGetResponseGetCheckoutConfirmationApiV1CheckoutIdentifierConfirmationGet
    """

    return (
        await asyncio_detailed(
            identifier=identifier,
            client=client,
        )
    ).parsed
