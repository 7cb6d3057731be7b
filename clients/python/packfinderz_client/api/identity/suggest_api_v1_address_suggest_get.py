from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.data_envelope_suggestions_out import DataEnvelopeSuggestionsOut
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    query: str,
    country: str | Unset = "US",
    language: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["query"] = query

    params["country"] = country

    json_language: None | str | Unset
    if isinstance(language, Unset):
        json_language = UNSET
    else:
        json_language = language
    params["language"] = json_language

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/address/suggest",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DataEnvelopeSuggestionsOut | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DataEnvelopeSuggestionsOut.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DataEnvelopeSuggestionsOut | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    query: str,
    country: str | Unset = "US",
    language: None | str | Unset = UNSET,
) -> Response[DataEnvelopeSuggestionsOut | ErrorResponse]:
    """Address suggestions for a partial query

    Args:
        query (str): What the user typed: a ZIP code, a city, or 'City, ST'.
        country (str | Unset): ISO 3166-1 alpha-2 code; the offline provider knows only US.
            Default: 'US'.
        language (None | str | Unset): BCP 47 language of the suggestions (Google only).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeSuggestionsOut | ErrorResponse]
    """

    kwargs = _get_kwargs(
        query=query,
        country=country,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    query: str,
    country: str | Unset = "US",
    language: None | str | Unset = UNSET,
) -> DataEnvelopeSuggestionsOut | ErrorResponse | None:
    """Address suggestions for a partial query

    Args:
        query (str): What the user typed: a ZIP code, a city, or 'City, ST'.
        country (str | Unset): ISO 3166-1 alpha-2 code; the offline provider knows only US.
            Default: 'US'.
        language (None | str | Unset): BCP 47 language of the suggestions (Google only).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeSuggestionsOut | ErrorResponse
    """

    return sync_detailed(
        client=client,
        query=query,
        country=country,
        language=language,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    query: str,
    country: str | Unset = "US",
    language: None | str | Unset = UNSET,
) -> Response[DataEnvelopeSuggestionsOut | ErrorResponse]:
    """Address suggestions for a partial query

    Args:
        query (str): What the user typed: a ZIP code, a city, or 'City, ST'.
        country (str | Unset): ISO 3166-1 alpha-2 code; the offline provider knows only US.
            Default: 'US'.
        language (None | str | Unset): BCP 47 language of the suggestions (Google only).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DataEnvelopeSuggestionsOut | ErrorResponse]
    """

    kwargs = _get_kwargs(
        query=query,
        country=country,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    query: str,
    country: str | Unset = "US",
    language: None | str | Unset = UNSET,
) -> DataEnvelopeSuggestionsOut | ErrorResponse | None:
    """Address suggestions for a partial query

    Args:
        query (str): What the user typed: a ZIP code, a city, or 'City, ST'.
        country (str | Unset): ISO 3166-1 alpha-2 code; the offline provider knows only US.
            Default: 'US'.
        language (None | str | Unset): BCP 47 language of the suggestions (Google only).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DataEnvelopeSuggestionsOut | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            query=query,
            country=country,
            language=language,
        )
    ).parsed
