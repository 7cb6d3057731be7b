from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agent_in import AgentIn
from ...models.create_agent_api_admin_v1_agents_post_response_create_agent_api_admin_v1_agents_post import (
    CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost,
)
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: AgentIn,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/admin/v1/agents",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse | None:
    if response.status_code == 201:
        response_201 = CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost.from_dict(
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

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AgentIn,
) -> Response[CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse]:
    """Create Agent

    Args:
        body (AgentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse]
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
    client: AuthenticatedClient,
    body: AgentIn,
) -> CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse | None:
    """Create Agent

    Args:
        body (AgentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AgentIn,
) -> Response[CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse]:
    """Create Agent

    Args:
        body (AgentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: AgentIn,
) -> CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse | None:
    """Create Agent

    Args:
        body (AgentIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateAgentApiAdminV1AgentsPostResponseCreateAgentApiAdminV1AgentsPost | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
