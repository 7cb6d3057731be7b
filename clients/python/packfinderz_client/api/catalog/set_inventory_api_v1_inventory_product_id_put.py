from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.inventory_set_in import InventorySetIn
from ...models.set_inventory_api_v1_inventory_product_id_put_response_set_inventory_api_v1_inventory_product_id_put import (
    SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut,
)
from ...types import Response


def _get_kwargs(
    product_id: UUID,
    *,
    body: InventorySetIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/inventory/{product_id}".format(
            product_id=quote(str(product_id), safe=""),
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
    | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
    | None
):
    if response.status_code == 200:
        response_200 = (
            SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut.from_dict(
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
    ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: InventorySetIn,
    idempotency_key: str,
) -> Response[
    ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
]:
    """Set Inventory

    Args:
        product_id (UUID):
        idempotency_key (str):
        body (InventorySetIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: InventorySetIn,
    idempotency_key: str,
) -> (
    ErrorResponse
    | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
    | None
):
    """Set Inventory

    Args:
        product_id (UUID):
        idempotency_key (str):
        body (InventorySetIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: InventorySetIn,
    idempotency_key: str,
) -> Response[
    ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
]:
    """Set Inventory

    Args:
        product_id (UUID):
        idempotency_key (str):
        body (InventorySetIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    body: InventorySetIn,
    idempotency_key: str,
) -> (
    ErrorResponse
    | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
    | None
):
    """Set Inventory

    Args:
        product_id (UUID):
        idempotency_key (str):
        body (InventorySetIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SetInventoryApiV1InventoryProductIdPutResponseSetInventoryApiV1InventoryProductIdPut
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
