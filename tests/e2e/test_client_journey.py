"""#19: the demo buyer's checkout, through the typed client generated from the merged OpenAPI document
(clients/python/packfinderz_client, ``make client``) and the gateway, on ``make up``'s demo data.

The buyer (Bricktown Dispensary's owner) and vendor1's owner sign in with the client's login function
(the access token comes back in the ``X-PF-Token`` header); the buyer reads its store, browses
vendor1's products in its state and reads one's stock, quotes a cart of it at its MOQ and checks out
in cash (each with a fresh ``Idempotency-Key``), then reads the order it placed. Every call is a
generated function returning the generated models, and the clients raise on any status the document
does not declare for the route (``raise_on_unexpected_status``). As in the other order journeys,
browsing and quoting are retried for a bounded time while catalog's and orders' store projections
catch up with the demo data after ``make up``.
"""

from __future__ import annotations

import time
import uuid
from http import HTTPStatus
from typing import Any, TypeVar

import httpx
import pytest
from e2e_journeys import ADDRESS_FIELDS, LOGIN_THROTTLE_WAIT_S, PROJECTION_WAIT_S, until
from packfinderz_client import AuthenticatedClient, Client
from packfinderz_client.api.catalog import browse_products_api_v1_products_get as browse_products
from packfinderz_client.api.catalog import get_product_api_v1_products_product_id_get as get_product
from packfinderz_client.api.identity import get_my_store_api_v1_stores_me_get as get_my_store
from packfinderz_client.api.identity import login_api_v1_auth_login_post as login
from packfinderz_client.api.orders import checkout_cart_api_v1_checkout_post as checkout_cart
from packfinderz_client.api.orders import get_order_api_v1_orders_order_id_get as get_order
from packfinderz_client.api.orders import quote_api_v1_cart_post as quote
from packfinderz_client.models import (
    AddressIn,
    CartQuote,
    CheckoutIn,
    CheckoutInPaymentMethod,
    ErrorResponse,
    LoginIn,
    ProductSummaryDTO,
    QuoteIn,
    QuoteItemIn,
    StoreDTO,
)
from packfinderz_client.types import Response

pytestmark = [pytest.mark.slow]

T = TypeVar("T")


def _data(response: Response[T | ErrorResponse], status: HTTPStatus = HTTPStatus.OK) -> Any:
    """The envelope's ``data`` of a 2xx answer (the document types these bodies ``{"data": X}``:
    the client parses them into an envelope model with a typed ``data``)."""
    assert response.status_code == status, response.content
    assert response.parsed is not None and not isinstance(response.parsed, ErrorResponse), response.content
    return response.parsed.data  # type: ignore[attr-defined]


def _sign_in(base_url: str, email: str, password: str) -> AuthenticatedClient:
    """POST /api/v1/auth/login through the client (waiting out identity's login throttle); the
    token of the ``X-PF-Token`` header makes the client every later call uses."""
    with Client(base_url=base_url, raise_on_unexpected_status=True, timeout=httpx.Timeout(10)) as anon:
        deadline = time.monotonic() + LOGIN_THROTTLE_WAIT_S
        while True:
            r = login.sync_detailed(client=anon, body=LoginIn(email=email, password=password))
            if r.status_code != HTTPStatus.TOO_MANY_REQUESTS or time.monotonic() > deadline:
                break
            time.sleep(min(max(float(r.headers.get("retry-after", "1")), 0.5), 10.0))
    assert r.status_code == HTTPStatus.OK, r.content
    return AuthenticatedClient(
        base_url=base_url,
        token=r.headers["x-pf-token"],
        raise_on_unexpected_status=True,
        timeout=httpx.Timeout(10),
    )


def _orderable(buyer: AuthenticatedClient, state: str, vendor_id: uuid.UUID) -> ProductSummaryDTO:
    """One of the vendor's products the buyer sees in ``state`` with stock for two MOQs (one for
    this journey, one left for the others)."""

    def probe() -> tuple[ProductSummaryDTO | None, Any]:
        page = _data(browse_products.sync_detailed(client=buyer, state=state, limit=100))
        seen = {}
        for product in page.products:
            if product.vendor_store_id != vendor_id:
                continue
            detail = _data(get_product.sync_detailed(product.id, client=buyer))
            seen[product.sku] = (detail.inventory.available_qty, product.moq)
            if detail.inventory.available_qty >= 2 * product.moq:
                return product, None
        return None, {"vendor": str(vendor_id), "its (available, moq)": seen}

    return until("the buyer sees no product of the vendor in stock", probe, PROJECTION_WAIT_S)


def _quote(buyer: AuthenticatedClient, body: QuoteIn) -> CartQuote:
    """POST /api/v1/cart, retried while orders' store projection catches up (403: the buyer's
    licence not verified there yet; 404: the vendor not visible yet), a fresh key per attempt."""

    def probe() -> tuple[CartQuote | None, Any]:
        r = quote.sync_detailed(client=buyer, body=body, idempotency_key=str(uuid.uuid4()))
        if r.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND):
            return None, (r.status_code, r.content)
        return _data(r), None

    return until("orders never quoted the cart", probe, PROJECTION_WAIT_S)


def test_the_demo_buyer_checks_out_in_cash_through_the_generated_client(gw, demo_logins):
    base_url = str(gw.base_url)
    email = {
        handle: next(e for e in demo_logins if e.startswith(f"{handle}@"))
        for handle in ("buyer1-owner", "vendor1-owner")
    }
    buyer = _sign_in(base_url, email["buyer1-owner"], demo_logins[email["buyer1-owner"]])
    vendor = _sign_in(base_url, email["vendor1-owner"], demo_logins[email["vendor1-owner"]])
    with buyer, vendor:
        # who: the buyer's store (and address), the vendor's id
        me: StoreDTO = _data(get_my_store.sync_detailed(client=buyer))
        vendor_id = _data(get_my_store.sync_detailed(client=vendor)).id
        assert (me.type_, me.kyc_status) == ("buyer", "verified"), me
        where = me.address.to_dict()

        # browse, quote one line at its MOQ
        product = _orderable(buyer, where["state"], vendor_id)
        item = QuoteItemIn(product_id=product.id, vendor_store_id=vendor_id, quantity=product.moq)
        cart = _quote(buyer, QuoteIn(buyer_store_id=me.id, items=[item]))
        assert (cart.status, cart.buyer_store_id) == ("active", me.id), cart
        assert [(i.product_id, i.quantity) for i in cart.items] == [(product.id, product.moq)], cart.items
        (group,) = cart.vendor_groups
        assert group.vendor_store_id == vendor_id and group.total_cents == cart.total_cents > 0, cart

        # check out in cash to the buyer's address
        address = AddressIn.from_dict({k: where[k] for k in ADDRESS_FIELDS if where.get(k) is not None})
        body = CheckoutIn(
            cart_id=cart.id, shipping_address=address, payment_method=CheckoutInPaymentMethod.CASH
        )
        result = _data(
            checkout_cart.sync_detailed(client=buyer, body=body, idempotency_key=str(uuid.uuid4())),
            HTTPStatus.CREATED,
        )
        assert (result.cart_id, result.rejected_vendors) == (cart.id, []), result
        (placed,) = result.vendor_orders
        assert (placed.vendor_store_id, placed.status, placed.total_cents) == (
            vendor_id,
            "created_pending",
            group.total_cents,
        ), placed
        assert [(i.product_id, i.qty) for i in placed.items] == [(product.id, product.moq)], placed.items

        # read the order placed: the same total, all of it due in cash
        detail = _data(get_order.sync_detailed(placed.order_id, client=buyer))
        order = detail.order
        assert (order.id, order.status, order.checkout_group_id) == (
            placed.order_id,
            "created_pending",
            result.checkout_group_id,
        ), order
        assert order.total_cents == order.balance_due_cents == placed.total_cents, order
        assert (detail.buyer_store.id, detail.vendor_store.id) == (me.id, vendor_id), detail
        assert [(li.quantity, li.status) for li in detail.line_items] == [(product.moq, "pending")], (
            detail.line_items
        )
