from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.public_validate_api_public_validate_post_response_public_validate_api_public_validate_post import (
    PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost,
)
from ...models.validate_in import ValidateIn
from ...types import Response


def _get_kwargs(
    *,
    body: ValidateIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/public/validate",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost | None:
    if response.status_code == 200:
        response_200 = (
            PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost.from_dict(
                response.json()
            )
        )

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = ErrorResponse.from_dict(response.json())

        return response_413

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ValidateIn,
) -> Response[ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost]:
    """Public Validate

     Echo the body after validation (trimmed, e-mail normalised); errors are the 400 envelope.

    Args:
        body (ValidateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ValidateIn,
) -> ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost | None:
    """Public Validate

     Echo the body after validation (trimmed, e-mail normalised); errors are the 400 envelope.

    Args:
        body (ValidateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ValidateIn,
) -> Response[ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost]:
    """Public Validate

     Echo the body after validation (trimmed, e-mail normalised); errors are the 400 envelope.

    Args:
        body (ValidateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ValidateIn,
) -> ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost | None:
    """Public Validate

     Echo the body after validation (trimmed, e-mail normalised); errors are the 400 envelope.

    Args:
        body (ValidateIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PublicValidateApiPublicValidatePostResponsePublicValidateApiPublicValidatePost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
