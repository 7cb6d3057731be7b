import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_orders_api_v1_orders_get_fulfillment_status_type_0 import (
    ListOrdersApiV1OrdersGetFulfillmentStatusType0,
)
from ...models.list_orders_api_v1_orders_get_order_status_type_0 import (
    ListOrdersApiV1OrdersGetOrderStatusType0,
)
from ...models.list_orders_api_v1_orders_get_payment_status_type_0 import (
    ListOrdersApiV1OrdersGetPaymentStatusType0,
)
from ...models.list_orders_api_v1_orders_get_perspective_type_0 import (
    ListOrdersApiV1OrdersGetPerspectiveType0,
)
from ...models.list_orders_api_v1_orders_get_response_list_orders_api_v1_orders_get import (
    ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet,
)
from ...models.list_orders_api_v1_orders_get_shipping_status_type_0 import (
    ListOrdersApiV1OrdersGetShippingStatusType0,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    perspective: ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset = UNSET,
    order_status: ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset = UNSET,
    fulfillment_status: ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset = UNSET,
    shipping_status: ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset = UNSET,
    payment_status: ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset = UNSET,
    actionable_statuses: None | str | Unset = UNSET,
    date_from: datetime.datetime | None | Unset = UNSET,
    date_to: datetime.datetime | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_perspective: None | str | Unset
    if isinstance(perspective, Unset):
        json_perspective = UNSET
    elif isinstance(perspective, ListOrdersApiV1OrdersGetPerspectiveType0):
        json_perspective = perspective.value
    else:
        json_perspective = perspective
    params["perspective"] = json_perspective

    json_order_status: None | str | Unset
    if isinstance(order_status, Unset):
        json_order_status = UNSET
    elif isinstance(order_status, ListOrdersApiV1OrdersGetOrderStatusType0):
        json_order_status = order_status.value
    else:
        json_order_status = order_status
    params["order_status"] = json_order_status

    json_fulfillment_status: None | str | Unset
    if isinstance(fulfillment_status, Unset):
        json_fulfillment_status = UNSET
    elif isinstance(fulfillment_status, ListOrdersApiV1OrdersGetFulfillmentStatusType0):
        json_fulfillment_status = fulfillment_status.value
    else:
        json_fulfillment_status = fulfillment_status
    params["fulfillment_status"] = json_fulfillment_status

    json_shipping_status: None | str | Unset
    if isinstance(shipping_status, Unset):
        json_shipping_status = UNSET
    elif isinstance(shipping_status, ListOrdersApiV1OrdersGetShippingStatusType0):
        json_shipping_status = shipping_status.value
    else:
        json_shipping_status = shipping_status
    params["shipping_status"] = json_shipping_status

    json_payment_status: None | str | Unset
    if isinstance(payment_status, Unset):
        json_payment_status = UNSET
    elif isinstance(payment_status, ListOrdersApiV1OrdersGetPaymentStatusType0):
        json_payment_status = payment_status.value
    else:
        json_payment_status = payment_status
    params["payment_status"] = json_payment_status

    json_actionable_statuses: None | str | Unset
    if isinstance(actionable_statuses, Unset):
        json_actionable_statuses = UNSET
    else:
        json_actionable_statuses = actionable_statuses
    params["actionable_statuses"] = json_actionable_statuses

    json_date_from: None | str | Unset
    if isinstance(date_from, Unset):
        json_date_from = UNSET
    elif isinstance(date_from, datetime.datetime):
        json_date_from = date_from.isoformat()
    else:
        json_date_from = date_from
    params["date_from"] = json_date_from

    json_date_to: None | str | Unset
    if isinstance(date_to, Unset):
        json_date_to = UNSET
    elif isinstance(date_to, datetime.datetime):
        json_date_to = date_to.isoformat()
    else:
        json_date_to = date_to
    params["date_to"] = json_date_to

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

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
        "url": "/api/v1/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet | None:
    if response.status_code == 200:
        response_200 = ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet.from_dict(response.json())

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
) -> Response[ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    perspective: ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset = UNSET,
    order_status: ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset = UNSET,
    fulfillment_status: ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset = UNSET,
    shipping_status: ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset = UNSET,
    payment_status: ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset = UNSET,
    actionable_statuses: None | str | Unset = UNSET,
    date_from: datetime.datetime | None | Unset = UNSET,
    date_to: datetime.datetime | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet]:
    """List Orders

    Args:
        perspective (ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset): default: the active
            store's type
        order_status (ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset): exact, lower case
        fulfillment_status (ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset): exact,
            lower case
        shipping_status (ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset): exact, lower
            case
        payment_status (ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset): exact, lower
            case
        actionable_statuses (None | str | Unset): comma list of order statuses (any of them
            matches); named for the vendor's to-do list, it filters the buyer perspective alike
        date_from (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        date_to (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        q (None | str | Unset): order number, or part of the other party's name
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet]
    """

    kwargs = _get_kwargs(
        perspective=perspective,
        order_status=order_status,
        fulfillment_status=fulfillment_status,
        shipping_status=shipping_status,
        payment_status=payment_status,
        actionable_statuses=actionable_statuses,
        date_from=date_from,
        date_to=date_to,
        q=q,
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
    perspective: ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset = UNSET,
    order_status: ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset = UNSET,
    fulfillment_status: ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset = UNSET,
    shipping_status: ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset = UNSET,
    payment_status: ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset = UNSET,
    actionable_statuses: None | str | Unset = UNSET,
    date_from: datetime.datetime | None | Unset = UNSET,
    date_to: datetime.datetime | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet | None:
    """List Orders

    Args:
        perspective (ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset): default: the active
            store's type
        order_status (ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset): exact, lower case
        fulfillment_status (ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset): exact,
            lower case
        shipping_status (ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset): exact, lower
            case
        payment_status (ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset): exact, lower
            case
        actionable_statuses (None | str | Unset): comma list of order statuses (any of them
            matches); named for the vendor's to-do list, it filters the buyer perspective alike
        date_from (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        date_to (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        q (None | str | Unset): order number, or part of the other party's name
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet
    """

    return sync_detailed(
        client=client,
        perspective=perspective,
        order_status=order_status,
        fulfillment_status=fulfillment_status,
        shipping_status=shipping_status,
        payment_status=payment_status,
        actionable_statuses=actionable_statuses,
        date_from=date_from,
        date_to=date_to,
        q=q,
        limit=limit,
        cursor=cursor,
        page=page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    perspective: ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset = UNSET,
    order_status: ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset = UNSET,
    fulfillment_status: ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset = UNSET,
    shipping_status: ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset = UNSET,
    payment_status: ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset = UNSET,
    actionable_statuses: None | str | Unset = UNSET,
    date_from: datetime.datetime | None | Unset = UNSET,
    date_to: datetime.datetime | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet]:
    """List Orders

    Args:
        perspective (ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset): default: the active
            store's type
        order_status (ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset): exact, lower case
        fulfillment_status (ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset): exact,
            lower case
        shipping_status (ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset): exact, lower
            case
        payment_status (ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset): exact, lower
            case
        actionable_statuses (None | str | Unset): comma list of order statuses (any of them
            matches); named for the vendor's to-do list, it filters the buyer perspective alike
        date_from (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        date_to (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        q (None | str | Unset): order number, or part of the other party's name
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet]
    """

    kwargs = _get_kwargs(
        perspective=perspective,
        order_status=order_status,
        fulfillment_status=fulfillment_status,
        shipping_status=shipping_status,
        payment_status=payment_status,
        actionable_statuses=actionable_statuses,
        date_from=date_from,
        date_to=date_to,
        q=q,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    perspective: ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset = UNSET,
    order_status: ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset = UNSET,
    fulfillment_status: ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset = UNSET,
    shipping_status: ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset = UNSET,
    payment_status: ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset = UNSET,
    actionable_statuses: None | str | Unset = UNSET,
    date_from: datetime.datetime | None | Unset = UNSET,
    date_to: datetime.datetime | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet | None:
    """List Orders

    Args:
        perspective (ListOrdersApiV1OrdersGetPerspectiveType0 | None | Unset): default: the active
            store's type
        order_status (ListOrdersApiV1OrdersGetOrderStatusType0 | None | Unset): exact, lower case
        fulfillment_status (ListOrdersApiV1OrdersGetFulfillmentStatusType0 | None | Unset): exact,
            lower case
        shipping_status (ListOrdersApiV1OrdersGetShippingStatusType0 | None | Unset): exact, lower
            case
        payment_status (ListOrdersApiV1OrdersGetPaymentStatusType0 | None | Unset): exact, lower
            case
        actionable_statuses (None | str | Unset): comma list of order statuses (any of them
            matches); named for the vendor's to-do list, it filters the buyer perspective alike
        date_from (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        date_to (datetime.datetime | None | Unset): RFC 3339, inclusive, on created_at; a range
            whose start is after its end matches nothing
        q (None | str | Unset): order number, or part of the other party's name
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListOrdersApiV1OrdersGetResponseListOrdersApiV1OrdersGet
    """

    return (
        await asyncio_detailed(
            client=client,
            perspective=perspective,
            order_status=order_status,
            fulfillment_status=fulfillment_status,
            shipping_status=shipping_status,
            payment_status=payment_status,
            actionable_statuses=actionable_statuses,
            date_from=date_from,
            date_to=date_to,
            q=q,
            limit=limit,
            cursor=cursor,
            page=page,
        )
    ).parsed
