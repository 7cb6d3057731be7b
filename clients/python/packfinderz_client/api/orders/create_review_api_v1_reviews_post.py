from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_review_api_v1_reviews_post_response_create_review_api_v1_reviews_post import (
    CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost,
)
from ...models.error_response import ErrorResponse
from ...models.review_in import ReviewIn
from ...types import Response


def _get_kwargs(
    *,
    body: ReviewIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/reviews",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse | None:
    if response.status_code == 201:
        response_201 = CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost.from_dict(
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
) -> Response[CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReviewIn,
    idempotency_key: str,
) -> Response[CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse]:
    """Create Review

    Args:
        idempotency_key (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse]
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
    body: ReviewIn,
    idempotency_key: str,
) -> CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse | None:
    """Create Review

    Args:
        idempotency_key (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReviewIn,
    idempotency_key: str,
) -> Response[CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse]:
    """Create Review

    Args:
        idempotency_key (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse]
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
    body: ReviewIn,
    idempotency_key: str,
) -> CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse | None:
    """Create Review

    Args:
        idempotency_key (str):
        body (ReviewIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateReviewApiV1ReviewsPostResponseCreateReviewApiV1ReviewsPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
