from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_charges_api_v1_vendor_billing_charges_get_response_list_charges_api_v1_vendor_billing_charges_get import (
    ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet,
)
from ...models.list_charges_api_v1_vendor_billing_charges_get_status_type_0 import (
    ListChargesApiV1VendorBillingChargesGetStatusType0,
)
from ...models.list_charges_api_v1_vendor_billing_charges_get_type_type_0 import (
    ListChargesApiV1VendorBillingChargesGetTypeType0,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset = UNSET,
    status: ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, ListChargesApiV1VendorBillingChargesGetTypeType0):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListChargesApiV1VendorBillingChargesGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_page: int | None | Unset
    if isinstance(page, Unset):
        json_page = UNSET
    else:
        json_page = page
    params["page"] = json_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/vendor/billing/charges",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorResponse
    | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
    | None
):
    if response.status_code == 200:
        response_200 = (
            ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet.from_dict(
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
    ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
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
    type_: ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset = UNSET,
    status: ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[
    ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
]:
    """List Charges

    Args:
        type_ (ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset): only charges of
            this type
        status (ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset): only charges
            in this status
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet]
    """

    kwargs = _get_kwargs(
        type_=type_,
        status=status,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset = UNSET,
    status: ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> (
    ErrorResponse
    | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
    | None
):
    """List Charges

    Args:
        type_ (ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset): only charges of
            this type
        status (ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset): only charges
            in this status
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
    """

    return sync_detailed(
        client=client,
        type_=type_,
        status=status,
        limit=limit,
        cursor=cursor,
        page=page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset = UNSET,
    status: ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[
    ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
]:
    """List Charges

    Args:
        type_ (ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset): only charges of
            this type
        status (ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset): only charges
            in this status
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet]
    """

    kwargs = _get_kwargs(
        type_=type_,
        status=status,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset = UNSET,
    status: ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> (
    ErrorResponse
    | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
    | None
):
    """List Charges

    Args:
        type_ (ListChargesApiV1VendorBillingChargesGetTypeType0 | None | Unset): only charges of
            this type
        status (ListChargesApiV1VendorBillingChargesGetStatusType0 | None | Unset): only charges
            in this status
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListChargesApiV1VendorBillingChargesGetResponseListChargesApiV1VendorBillingChargesGet
    """

    return (
        await asyncio_detailed(
            client=client,
            type_=type_,
            status=status,
            limit=limit,
            cursor=cursor,
            page=page,
        )
    ).parsed
