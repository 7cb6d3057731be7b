from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_review_api_v1_reviews_review_id_delete_response_delete_review_api_v1_reviews_review_id_delete import (
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    review_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/reviews/{review_id}".format(
            review_id=quote(str(review_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete
    | ErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = (
            DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete.from_dict(
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
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    review_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse
]:
    """Delete Review

    Args:
        review_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse]
    """

    kwargs = _get_kwargs(
        review_id=review_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    review_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete
    | ErrorResponse
    | None
):
    """Delete Review

    Args:
        review_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse
    """

    return sync_detailed(
        review_id=review_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    review_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse
]:
    """Delete Review

    Args:
        review_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse]
    """

    kwargs = _get_kwargs(
        review_id=review_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    review_id: UUID,
    *,
    client: AuthenticatedClient,
) -> (
    DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete
    | ErrorResponse
    | None
):
    """Delete Review

    Args:
        review_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeleteReviewApiV1ReviewsReviewIdDeleteResponseDeleteReviewApiV1ReviewsReviewIdDelete | ErrorResponse
    """

    return (
        await asyncio_detailed(
            review_id=review_id,
            client=client,
        )
    ).parsed
