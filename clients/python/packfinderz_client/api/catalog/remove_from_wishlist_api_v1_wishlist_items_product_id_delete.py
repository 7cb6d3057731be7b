from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.remove_from_wishlist_api_v1_wishlist_items_product_id_delete_response_remove_from_wishlist_api_v1_wishlist_items_product_id_delete import (
    RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete,
)
from ...types import Response


def _get_kwargs(
    product_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/wishlist/items/{product_id}".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
    | None
):
    if response.status_code == 200:
        response_200 = RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete.from_dict(
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
    | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
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
) -> Response[
    ErrorResponse
    | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
]:
    """Remove From Wishlist

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
    | None
):
    """Remove From Wishlist

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorResponse
    | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
]:
    """Remove From Wishlist

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    ErrorResponse
    | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
    | None
):
    """Remove From Wishlist

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RemoveFromWishlistApiV1WishlistItemsProductIdDeleteResponseRemoveFromWishlistApiV1WishlistItemsProductIdDelete
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
        )
    ).parsed
