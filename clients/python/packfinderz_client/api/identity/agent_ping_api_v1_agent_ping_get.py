from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agent_ping_api_v1_agent_ping_get_response_agent_ping_api_v1_agent_ping_get import (
    AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/agent/ping",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet.from_dict(response.json())

        return response_200

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
) -> Response[AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse]:
    """Agent Ping

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse | None:
    """Agent Ping

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse]:
    """Agent Ping

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse | None:
    """Agent Ping

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgentPingApiV1AgentPingGetResponseAgentPingApiV1AgentPingGet | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
