from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_admin_plans_api_admin_v1_billing_plans_get_response_list_admin_plans_api_admin_v1_billing_plans_get import (
    ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet,
)
from ...models.list_admin_plans_api_admin_v1_billing_plans_get_status_type_0 import (
    ListAdminPlansApiAdminV1BillingPlansGetStatusType0,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset = UNSET,
    is_default: bool | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListAdminPlansApiAdminV1BillingPlansGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_is_default: bool | None | Unset
    if isinstance(is_default, Unset):
        json_is_default = UNSET
    else:
        json_is_default = is_default
    params["is_default"] = json_is_default

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/admin/v1/billing/plans",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
    | None
):
    if response.status_code == 200:
        response_200 = (
            ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet.from_dict(
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
    ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset = UNSET,
    is_default: bool | None | Unset = UNSET,
) -> Response[
    ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
]:
    """List Admin Plans

    Args:
        status (ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset): only plans of
            this status
        is_default (bool | None | Unset): only the default plan (true) or the others

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet]
    """

    kwargs = _get_kwargs(
        status=status,
        is_default=is_default,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset = UNSET,
    is_default: bool | None | Unset = UNSET,
) -> (
    ErrorResponse
    | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
    | None
):
    """List Admin Plans

    Args:
        status (ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset): only plans of
            this status
        is_default (bool | None | Unset): only the default plan (true) or the others

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
    """

    return sync_detailed(
        client=client,
        status=status,
        is_default=is_default,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset = UNSET,
    is_default: bool | None | Unset = UNSET,
) -> Response[
    ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
]:
    """List Admin Plans

    Args:
        status (ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset): only plans of
            this status
        is_default (bool | None | Unset): only the default plan (true) or the others

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet]
    """

    kwargs = _get_kwargs(
        status=status,
        is_default=is_default,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset = UNSET,
    is_default: bool | None | Unset = UNSET,
) -> (
    ErrorResponse
    | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
    | None
):
    """List Admin Plans

    Args:
        status (ListAdminPlansApiAdminV1BillingPlansGetStatusType0 | None | Unset): only plans of
            this status
        is_default (bool | None | Unset): only the default plan (true) or the others

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListAdminPlansApiAdminV1BillingPlansGetResponseListAdminPlansApiAdminV1BillingPlansGet
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            is_default=is_default,
        )
    ).parsed
