from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cash_in import CashIn
from ...models.collect_cash_api_v1_agent_orders_order_id_cash_collected_post_response_collect_cash_api_v1_agent_orders_order_id_cash_collected_post import (
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    order_id: UUID,
    *,
    body: CashIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/agent/orders/{order_id}/cash-collected".format(
            order_id=quote(str(order_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost
    | ErrorResponse
    | None
):
    if response.status_code == 200:
        response_200 = CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost.from_dict(
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
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost
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
    body: CashIn,
    idempotency_key: str,
) -> Response[
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost
    | ErrorResponse
]:
    """Collect Cash

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CashIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
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
    body: CashIn,
    idempotency_key: str,
) -> (
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost
    | ErrorResponse
    | None
):
    """Collect Cash

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CashIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost | ErrorResponse
    """

    return sync_detailed(
        order_id=order_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CashIn,
    idempotency_key: str,
) -> Response[
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost
    | ErrorResponse
]:
    """Collect Cash

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CashIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CashIn,
    idempotency_key: str,
) -> (
    CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost
    | ErrorResponse
    | None
):
    """Collect Cash

    Args:
        order_id (UUID):
        idempotency_key (str):
        body (CashIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CollectCashApiV1AgentOrdersOrderIdCashCollectedPostResponseCollectCashApiV1AgentOrdersOrderIdCashCollectedPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            order_id=order_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
