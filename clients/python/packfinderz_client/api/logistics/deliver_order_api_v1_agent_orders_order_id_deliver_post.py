from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deliver_order_api_v1_agent_orders_order_id_deliver_post_response_deliver_order_api_v1_agent_orders_order_id_deliver_post import (
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/agent/orders/{order_id}/deliver".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost
    | ErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost.from_dict(
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
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost
    | ErrorResponse
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> Response[
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost
    | ErrorResponse
]:
    """Deliver Order

    Args:
        order_id (UUID):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> (
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost
    | ErrorResponse
    | None
):
    """Deliver Order

    Args:
        order_id (UUID):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost | ErrorResponse
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> Response[
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost
    | ErrorResponse
]:
    """Deliver Order

    Args:
        order_id (UUID):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str,
) -> (
    DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost
    | ErrorResponse
    | None
):
    """Deliver Order

    Args:
        order_id (UUID):
        idempotency_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeliverOrderApiV1AgentOrdersOrderIdDeliverPostResponseDeliverOrderApiV1AgentOrdersOrderIdDeliverPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
