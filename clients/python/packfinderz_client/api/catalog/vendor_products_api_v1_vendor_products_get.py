from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.vendor_products_api_v1_vendor_products_get_category_type_0 import (
    VendorProductsApiV1VendorProductsGetCategoryType0,
)
from ...models.vendor_products_api_v1_vendor_products_get_classification_type_0 import (
    VendorProductsApiV1VendorProductsGetClassificationType0,
)
from ...models.vendor_products_api_v1_vendor_products_get_response_vendor_products_api_v1_vendor_products_get import (
    VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet,
)
from ...models.vendor_products_api_v1_vendor_products_get_sort_type_0 import (
    VendorProductsApiV1VendorProductsGetSortType0,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    state: None | str | Unset = UNSET,
    category: None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0 = UNSET,
    classification: None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0 = UNSET,
    price_min_cents: int | None | Unset = UNSET,
    price_max_cents: int | None | Unset = UNSET,
    thc_min: float | None | Unset = UNSET,
    thc_max: float | None | Unset = UNSET,
    cbd_min: float | None | Unset = UNSET,
    cbd_max: float | None | Unset = UNSET,
    has_promo: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | Unset | VendorProductsApiV1VendorProductsGetSortType0 = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_state: None | str | Unset
    if isinstance(state, Unset):
        json_state = UNSET
    else:
        json_state = state
    params["state"] = json_state

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, VendorProductsApiV1VendorProductsGetCategoryType0):
        json_category = category.value
    else:
        json_category = category
    params["category"] = json_category

    json_classification: None | str | Unset
    if isinstance(classification, Unset):
        json_classification = UNSET
    elif isinstance(classification, VendorProductsApiV1VendorProductsGetClassificationType0):
        json_classification = classification.value
    else:
        json_classification = classification
    params["classification"] = json_classification

    json_price_min_cents: int | None | Unset
    if isinstance(price_min_cents, Unset):
        json_price_min_cents = UNSET
    else:
        json_price_min_cents = price_min_cents
    params["price_min_cents"] = json_price_min_cents

    json_price_max_cents: int | None | Unset
    if isinstance(price_max_cents, Unset):
        json_price_max_cents = UNSET
    else:
        json_price_max_cents = price_max_cents
    params["price_max_cents"] = json_price_max_cents

    json_thc_min: float | None | Unset
    if isinstance(thc_min, Unset):
        json_thc_min = UNSET
    else:
        json_thc_min = thc_min
    params["thc_min"] = json_thc_min

    json_thc_max: float | None | Unset
    if isinstance(thc_max, Unset):
        json_thc_max = UNSET
    else:
        json_thc_max = thc_max
    params["thc_max"] = json_thc_max

    json_cbd_min: float | None | Unset
    if isinstance(cbd_min, Unset):
        json_cbd_min = UNSET
    else:
        json_cbd_min = cbd_min
    params["cbd_min"] = json_cbd_min

    json_cbd_max: float | None | Unset
    if isinstance(cbd_max, Unset):
        json_cbd_max = UNSET
    else:
        json_cbd_max = cbd_max
    params["cbd_max"] = json_cbd_max

    json_has_promo: bool | None | Unset
    if isinstance(has_promo, Unset):
        json_has_promo = UNSET
    else:
        json_has_promo = has_promo
    params["has_promo"] = json_has_promo

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_sort: None | str | Unset
    if isinstance(sort, Unset):
        json_sort = UNSET
    elif isinstance(sort, VendorProductsApiV1VendorProductsGetSortType0):
        json_sort = sort.value
    else:
        json_sort = sort
    params["sort"] = json_sort

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
        "url": "/api/v1/vendor/products",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet | None:
    if response.status_code == 200:
        response_200 = (
            VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet.from_dict(
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
    ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet
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
    state: None | str | Unset = UNSET,
    category: None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0 = UNSET,
    classification: None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0 = UNSET,
    price_min_cents: int | None | Unset = UNSET,
    price_max_cents: int | None | Unset = UNSET,
    thc_min: float | None | Unset = UNSET,
    thc_max: float | None | Unset = UNSET,
    cbd_min: float | None | Unset = UNSET,
    cbd_max: float | None | Unset = UNSET,
    has_promo: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | Unset | VendorProductsApiV1VendorProductsGetSortType0 = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[
    ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet
]:
    """Vendor Products

    Args:
        state (None | str | Unset): US state code
        category (None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0): exact, lower
            case
        classification (None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0):
            exact, lower case
        price_min_cents (int | None | Unset):
        price_max_cents (int | None | Unset):
        thc_min (float | None | Unset):
        thc_max (float | None | Unset):
        cbd_min (float | None | Unset):
        cbd_max (float | None | Unset):
        has_promo (bool | None | Unset):
        q (None | str | Unset): title/SKU/strain/vendor text
        sort (None | Unset | VendorProductsApiV1VendorProductsGetSortType0): default: relevance
            with q, else newest (relevance without q: newest)
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet]
    """

    kwargs = _get_kwargs(
        state=state,
        category=category,
        classification=classification,
        price_min_cents=price_min_cents,
        price_max_cents=price_max_cents,
        thc_min=thc_min,
        thc_max=thc_max,
        cbd_min=cbd_min,
        cbd_max=cbd_max,
        has_promo=has_promo,
        q=q,
        sort=sort,
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
    state: None | str | Unset = UNSET,
    category: None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0 = UNSET,
    classification: None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0 = UNSET,
    price_min_cents: int | None | Unset = UNSET,
    price_max_cents: int | None | Unset = UNSET,
    thc_min: float | None | Unset = UNSET,
    thc_max: float | None | Unset = UNSET,
    cbd_min: float | None | Unset = UNSET,
    cbd_max: float | None | Unset = UNSET,
    has_promo: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | Unset | VendorProductsApiV1VendorProductsGetSortType0 = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet | None:
    """Vendor Products

    Args:
        state (None | str | Unset): US state code
        category (None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0): exact, lower
            case
        classification (None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0):
            exact, lower case
        price_min_cents (int | None | Unset):
        price_max_cents (int | None | Unset):
        thc_min (float | None | Unset):
        thc_max (float | None | Unset):
        cbd_min (float | None | Unset):
        cbd_max (float | None | Unset):
        has_promo (bool | None | Unset):
        q (None | str | Unset): title/SKU/strain/vendor text
        sort (None | Unset | VendorProductsApiV1VendorProductsGetSortType0): default: relevance
            with q, else newest (relevance without q: newest)
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet
    """

    return sync_detailed(
        client=client,
        state=state,
        category=category,
        classification=classification,
        price_min_cents=price_min_cents,
        price_max_cents=price_max_cents,
        thc_min=thc_min,
        thc_max=thc_max,
        cbd_min=cbd_min,
        cbd_max=cbd_max,
        has_promo=has_promo,
        q=q,
        sort=sort,
        limit=limit,
        cursor=cursor,
        page=page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    state: None | str | Unset = UNSET,
    category: None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0 = UNSET,
    classification: None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0 = UNSET,
    price_min_cents: int | None | Unset = UNSET,
    price_max_cents: int | None | Unset = UNSET,
    thc_min: float | None | Unset = UNSET,
    thc_max: float | None | Unset = UNSET,
    cbd_min: float | None | Unset = UNSET,
    cbd_max: float | None | Unset = UNSET,
    has_promo: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | Unset | VendorProductsApiV1VendorProductsGetSortType0 = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> Response[
    ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet
]:
    """Vendor Products

    Args:
        state (None | str | Unset): US state code
        category (None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0): exact, lower
            case
        classification (None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0):
            exact, lower case
        price_min_cents (int | None | Unset):
        price_max_cents (int | None | Unset):
        thc_min (float | None | Unset):
        thc_max (float | None | Unset):
        cbd_min (float | None | Unset):
        cbd_max (float | None | Unset):
        has_promo (bool | None | Unset):
        q (None | str | Unset): title/SKU/strain/vendor text
        sort (None | Unset | VendorProductsApiV1VendorProductsGetSortType0): default: relevance
            with q, else newest (relevance without q: newest)
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet]
    """

    kwargs = _get_kwargs(
        state=state,
        category=category,
        classification=classification,
        price_min_cents=price_min_cents,
        price_max_cents=price_max_cents,
        thc_min=thc_min,
        thc_max=thc_max,
        cbd_min=cbd_min,
        cbd_max=cbd_max,
        has_promo=has_promo,
        q=q,
        sort=sort,
        limit=limit,
        cursor=cursor,
        page=page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    state: None | str | Unset = UNSET,
    category: None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0 = UNSET,
    classification: None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0 = UNSET,
    price_min_cents: int | None | Unset = UNSET,
    price_max_cents: int | None | Unset = UNSET,
    thc_min: float | None | Unset = UNSET,
    thc_max: float | None | Unset = UNSET,
    cbd_min: float | None | Unset = UNSET,
    cbd_max: float | None | Unset = UNSET,
    has_promo: bool | None | Unset = UNSET,
    q: None | str | Unset = UNSET,
    sort: None | Unset | VendorProductsApiV1VendorProductsGetSortType0 = UNSET,
    limit: int | Unset = 25,
    cursor: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
) -> ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet | None:
    """Vendor Products

    Args:
        state (None | str | Unset): US state code
        category (None | Unset | VendorProductsApiV1VendorProductsGetCategoryType0): exact, lower
            case
        classification (None | Unset | VendorProductsApiV1VendorProductsGetClassificationType0):
            exact, lower case
        price_min_cents (int | None | Unset):
        price_max_cents (int | None | Unset):
        thc_min (float | None | Unset):
        thc_max (float | None | Unset):
        cbd_min (float | None | Unset):
        cbd_max (float | None | Unset):
        has_promo (bool | None | Unset):
        q (None | str | Unset): title/SKU/strain/vendor text
        sort (None | Unset | VendorProductsApiV1VendorProductsGetSortType0): default: relevance
            with q, else newest (relevance without q: newest)
        limit (int | Unset): page size, 1-100 Default: 25.
        cursor (None | str | Unset): opaque cursor from a previous page of this list
            (`pagination.next`, …); empty or absent: the first page. Any other value is 400 `invalid
            cursor` (format `pf-cursor`: standard base64, at most 256 characters).
        page (int | None | Unset): display hint (1 or more), echoed; 1 without a cursor

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | VendorProductsApiV1VendorProductsGetResponseVendorProductsApiV1VendorProductsGet
    """

    return (
        await asyncio_detailed(
            client=client,
            state=state,
            category=category,
            classification=classification,
            price_min_cents=price_min_cents,
            price_max_cents=price_max_cents,
            thc_min=thc_min,
            thc_max=thc_max,
            cbd_min=cbd_min,
            cbd_max=cbd_max,
            has_promo=has_promo,
            q=q,
            sort=sort,
            limit=limit,
            cursor=cursor,
            page=page,
        )
    ).parsed
