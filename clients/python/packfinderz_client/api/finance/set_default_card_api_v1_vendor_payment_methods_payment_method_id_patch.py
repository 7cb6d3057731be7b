from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch_response_set_default_card_api_v1_vendor_payment_methods_payment_method_id_patch import (
    SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch,
)
from ...models.set_default_request import SetDefaultRequest
from ...types import Response


def _get_kwargs(
    payment_method_id: UUID,
    *,
    body: SetDefaultRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/vendor/payment-methods/{payment_method_id}".format(
            payment_method_id=quote(str(payment_method_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
    | None
):
    if response.status_code == 200:
        response_200 = SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch.from_dict(
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
    ErrorResponse
    | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payment_method_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SetDefaultRequest,
) -> Response[
    ErrorResponse
    | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
]:
    """Set Default Card

    Args:
        payment_method_id (UUID):
        body (SetDefaultRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch]
    """

    kwargs = _get_kwargs(
        payment_method_id=payment_method_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_method_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SetDefaultRequest,
) -> (
    ErrorResponse
    | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
    | None
):
    """Set Default Card

    Args:
        payment_method_id (UUID):
        body (SetDefaultRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
    """

    return sync_detailed(
        payment_method_id=payment_method_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    payment_method_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SetDefaultRequest,
) -> Response[
    ErrorResponse
    | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
]:
    """Set Default Card

    Args:
        payment_method_id (UUID):
        body (SetDefaultRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch]
    """

    kwargs = _get_kwargs(
        payment_method_id=payment_method_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_method_id: UUID,
    *,
    client: AuthenticatedClient,
    body: SetDefaultRequest,
) -> (
    ErrorResponse
    | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
    | None
):
    """Set Default Card

    Args:
        payment_method_id (UUID):
        body (SetDefaultRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatchResponseSetDefaultCardApiV1VendorPaymentMethodsPaymentMethodIdPatch
    """

    return (
        await asyncio_detailed(
            payment_method_id=payment_method_id,
            client=client,
            body=body,
        )
    ).parsed
