"""A local HTTP fake of the Stripe endpoints finance's adapter calls (no stripe-mock here).

A Starlette app served by a real uvicorn on 127.0.0.1 (a free port, its own thread and event
loop), so the adapter goes through ``stripe.StripeClient`` and ``HTTPXClient`` exactly as in
production. It speaks Stripe's v1 wire format: form-encoded bodies with bracketed keys
(``items[0][price]``, ``metadata[store_id]``), JSON answers shaped like Stripe's objects, and
Stripe-shaped errors (``{"error": {"type", "code", "message", "param", …}}`` with a
``Request-Id`` header).

Implemented: ``POST /v1/customers``, ``GET|POST /v1/customers/{id}``, ``POST /v1/setup_intents``,
``GET /v1/payment_methods/{id}``, ``POST /v1/payment_methods/{id}/attach|detach``,
``POST /v1/subscriptions``, ``GET|POST|DELETE /v1/subscriptions/{id}``,
``POST /v1/payment_intents``.

Rules it keeps, as Stripe does:

* ``Authorization: Bearer <key>`` must be the fake's key (401 otherwise);
* ``Idempotency-Key`` on a POST: the same key answers the same response (status and body),
  without doing anything again; the same key with other parameters is a 400
  ``idempotency_error``. Injected failures are not remembered (a retry may succeed);
* test payment-method tokens (``pm_card_visa``, ``pm_card_mastercard``, ``pm_card_chargeDeclined``,
  ``pm_card_chargeDeclinedInsufficientFunds``, ``pm_card_chargeDeclinedProcessingError``):
  attaching one creates a new ``pm_…`` of that card; a card declines (402 ``card_error``,
  ``card_declined`` with a decline code, or ``processing_error``) when a PaymentIntent confirms
  it, and a subscription's first invoice on it leaves the subscription ``incomplete``;
* an unknown id is a 404 ``resource_missing``; a payment method of another customer is refused;
* a subscription's ``current_period_*`` are on its items (recent API versions), or on the
  subscription itself with ``period_on_items = False``; ``pause_collection`` keeps the status.

Test controls: ``requests`` (every request: method, path, headers, decoded form),
``fail_next(status, times=1, code=…)`` (answer the next requests with a Stripe-shaped error),
``delay_next(seconds)`` (answer the next request late), ``now`` (the fake's clock, Unix seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

API_KEY = "sk_test_pf_fake_4eC39HqLyjWDarjtT1zdp7dc"


@dataclass(frozen=True)
class Card:
    brand: str
    last4: str
    behaviour: str  # ok | declined | insufficient | processing


TEST_CARDS: dict[str, Card] = {
    "pm_card_visa": Card("visa", "4242", "ok"),
    "pm_card_mastercard": Card("mastercard", "4444", "ok"),
    "pm_card_chargeDeclined": Card("visa", "0002", "declined"),
    "pm_card_chargeDeclinedInsufficientFunds": Card("visa", "9995", "insufficient"),
    "pm_card_chargeDeclinedProcessingError": Card("visa", "0119", "processing"),
}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, Any]


class StripeError(Exception):
    def __init__(self, status: int, type_: str, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": type_, "message": message, **{k: v for k, v in fields.items() if v}}}


def _missing(kind: str, id_: str, param: str = "id") -> StripeError:
    return StripeError(
        404, "invalid_request_error", f"No such {kind}: '{id_}'", code="resource_missing", param=param
    )


def decode_form(raw: str) -> dict[str, Any]:
    """Stripe's form encoding back to nested data: ``a[b][0][c]=v`` ⇒ ``{"a": {"b": [{"c": "v"}]}}``."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(raw, keep_blank_values=True):
        head, _, rest = key.partition("[")
        parts = [head] + ([p.rstrip("]") for p in ("[" + rest).split("[")[1:]] if rest else [])
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _listify(v) for k, v in value.items()}
        if out and all(k.isdigit() for k in out):
            return [out[k] for k in sorted(out, key=int)]
        return out
    return value


def _bool(value: Any) -> bool:
    return value in (True, "true", "True", "1")


class StripeFake:
    """The fake's state and app (module docstring); :meth:`serve` runs it on a free port."""

    def __init__(self, api_key: str = API_KEY) -> None:
        self.api_key = api_key
        self.lock = threading.Lock()
        self.requests: list[Recorded] = []
        self.customers: dict[str, dict[str, Any]] = {}
        self.payment_methods: dict[str, dict[str, Any]] = {}
        self.cards: dict[str, Card] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.payment_intents: dict[str, dict[str, Any]] = {}
        self.setup_intents: dict[str, dict[str, Any]] = {}
        self.idempotent: dict[str, tuple[dict[str, Any], int, dict[str, Any]]] = {}
        self.failures: list[tuple[int, dict[str, Any]]] = []
        self.delays: list[float] = []
        self.period_on_items = True
        self.now: int | None = None
        self.url = ""
        self.app = Starlette(
            routes=[
                Route("/v1/customers", self._endpoint(self.create_customer), methods=["POST"]),
                Route("/v1/customers/{id}", self._endpoint(self.customer), methods=["GET", "POST"]),
                Route("/v1/setup_intents", self._endpoint(self.create_setup_intent), methods=["POST"]),
                Route("/v1/payment_methods/{id}", self._endpoint(self.get_payment_method), methods=["GET"]),
                Route("/v1/payment_methods/{id}/attach", self._endpoint(self.attach), methods=["POST"]),
                Route("/v1/payment_methods/{id}/detach", self._endpoint(self.detach), methods=["POST"]),
                Route("/v1/subscriptions", self._endpoint(self.create_subscription), methods=["POST"]),
                Route(
                    "/v1/subscriptions/{id}",
                    self._endpoint(self.subscription),
                    methods=["GET", "POST", "DELETE"],
                ),
                Route("/v1/payment_intents", self._endpoint(self.create_payment_intent), methods=["POST"]),
            ]
        )

    # --- controls -----------------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.failures.clear()
            self.delays.clear()
            self.period_on_items = True
            self.now = None

    def fail_next(
        self, status: int, *, times: int = 1, code: str | None = None, type_: str = "api_error"
    ) -> None:
        body = {
            "error": {
                "type": type_,
                "message": f"injected failure ({status})",
                **({"code": code} if code else {}),
            }
        }
        with self.lock:
            self.failures.extend([(status, body)] * times)

    def delay_next(self, seconds: float) -> None:
        with self.lock:
            self.delays.append(seconds)

    def posts(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path == path]

    def clock(self) -> int:
        return self.now if self.now is not None else int(time.time())

    # --- plumbing -----------------------------------------------------------------------------

    def _endpoint(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            raw = (await request.body()).decode()
            if request.method == "GET":
                raw = request.url.query
            form = decode_form(raw)
            headers = {k.lower(): v for k, v in request.headers.items()}
            with self.lock:
                self.requests.append(Recorded(request.method, request.url.path, headers, form))
                delay = self.delays.pop(0) if self.delays else 0.0
                failure = self.failures.pop(0) if self.failures else None
            if delay:
                await asyncio.sleep(delay)
            request_id = f"req_{secrets.token_hex(7)}"
            if headers.get("authorization") != f"Bearer {self.api_key}":
                body = {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}}
                return JSONResponse(body, status_code=401, headers={"Request-Id": request_id})
            if failure is not None:
                return JSONResponse(failure[1], status_code=failure[0], headers={"Request-Id": request_id})
            key = headers.get("idempotency-key") if request.method == "POST" else None
            if key is not None:
                with self.lock:
                    seen = self.idempotent.get(key)
                if seen is not None:
                    if seen[0] != {"path": request.url.path, **form}:
                        body = {
                            "error": {
                                "type": "idempotency_error",
                                "message": "Keys for idempotent requests can only be used with the same "
                                "parameters.",
                            }
                        }
                        return JSONResponse(body, status_code=400, headers={"Request-Id": request_id})
                    return JSONResponse(
                        seen[2],
                        status_code=seen[1],
                        headers={"Request-Id": request_id, "Idempotent-Replayed": "true"},
                    )
            try:
                with self.lock:
                    status, body = 200, handler(request.path_params.get("id"), request.method, form)
            except StripeError as exc:
                status, body = exc.status, exc.body
            if key is not None:
                with self.lock:
                    self.idempotent[key] = ({"path": request.url.path, **form}, status, body)
            return JSONResponse(body, status_code=status, headers={"Request-Id": request_id})

        return endpoint

    @contextlib.contextmanager
    def serve(self) -> Iterator[StripeFake]:
        """Serve on a free 127.0.0.1 port until the block exits (``url`` is set inside)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = _Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="stripe-fake"
        )
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the Stripe fake did not start")
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{port}"
        try:
            yield self
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            sock.close()

    # --- customers ----------------------------------------------------------------------------

    def create_customer(self, _id: str | None, _method: str, form: dict[str, Any]) -> dict[str, Any]:
        cid = f"cus_{secrets.token_hex(7)}"
        customer = {
            "id": cid,
            "object": "customer",
            "created": self.clock(),
            "name": form.get("name"),
            "email": form.get("email"),
            "description": form.get("description"),
            "metadata": form.get("metadata") or {},
            "invoice_settings": {"default_payment_method": None, "custom_fields": None, "footer": None},
            "livemode": False,
        }
        self.customers[cid] = customer
        return customer

    def customer(self, cid: str, method: str, form: dict[str, Any]) -> dict[str, Any]:
        customer = self.customers.get(cid)
        if customer is None:
            raise _missing("customer", cid)
        if method == "POST":
            settings = form.get("invoice_settings") or {}
            if "default_payment_method" in settings:
                pm_id = settings["default_payment_method"] or None
                if pm_id is not None and self.payment_methods.get(pm_id, {}).get("customer") != cid:
                    raise _missing("PaymentMethod", pm_id, "invoice_settings[default_payment_method]")
                customer["invoice_settings"]["default_payment_method"] = pm_id
            for name in ("name", "email", "description"):
                if name in form:
                    customer[name] = form[name] or None
            if "metadata" in form:
                customer["metadata"] = {**customer["metadata"], **form["metadata"]}
        return customer

    def create_setup_intent(self, _id: str | None, _method: str, form: dict[str, Any]) -> dict[str, Any]:
        customer = form.get("customer")
        if customer is not None and customer not in self.customers:
            raise _missing("customer", customer, "customer")
        sid = f"seti_{secrets.token_hex(12)}"
        intent = {
            "id": sid,
            "object": "setup_intent",
            "client_secret": f"{sid}_secret_{secrets.token_hex(12)}",
            "customer": customer,
            "usage": form.get("usage", "off_session"),
            "status": "requires_payment_method",
            "payment_method_types": form.get("allowed_payment_method_types") or ["card"],
            "created": self.clock(),
            "livemode": False,
        }
        self.setup_intents[sid] = intent
        return intent

    # --- payment methods ----------------------------------------------------------------------

    def _pm_object(self, pm_id: str, card: Card, customer: str | None) -> dict[str, Any]:
        return {
            "id": pm_id,
            "object": "payment_method",
            "type": "card",
            "customer": customer,
            "created": self.clock(),
            "livemode": False,
            "metadata": {},
            "billing_details": {"address": None, "email": None, "name": None, "phone": None},
            "card": {
                "brand": card.brand,
                "last4": card.last4,
                "exp_month": 12,
                "exp_year": 2034,
                "fingerprint": f"fp_{card.brand}_{card.last4}",
                "funding": "credit",
                "country": "US",
            },
        }

    def _payment_method(self, pm_id: str) -> dict[str, Any]:
        if pm_id in self.payment_methods:
            return self.payment_methods[pm_id]
        if pm_id in TEST_CARDS:
            return self._pm_object(pm_id, TEST_CARDS[pm_id], None)
        raise _missing("PaymentMethod", pm_id)

    def get_payment_method(self, pm_id: str, _method: str, _form: dict[str, Any]) -> dict[str, Any]:
        return self._payment_method(pm_id)

    def attach(self, pm_id: str, _method: str, form: dict[str, Any]) -> dict[str, Any]:
        customer = form.get("customer")
        if customer not in self.customers:
            raise _missing("customer", str(customer), "customer")
        if pm_id in TEST_CARDS:
            new_id = f"pm_{secrets.token_hex(12)}"
            pm = self._pm_object(new_id, TEST_CARDS[pm_id], customer)
            self.payment_methods[new_id] = pm
            self.cards[new_id] = TEST_CARDS[pm_id]
            return pm
        pm = self._payment_method(pm_id)
        if pm.get("detached"):
            raise StripeError(
                400,
                "invalid_request_error",
                "This PaymentMethod was previously used without being attached to a Customer or was detached "
                "from a Customer, and may not be used again.",
            )
        if pm["customer"] not in (None, customer):
            raise StripeError(
                400,
                "invalid_request_error",
                "The payment method you provided has already been attached to a customer.",
            )
        pm["customer"] = customer
        return pm

    def detach(self, pm_id: str, _method: str, _form: dict[str, Any]) -> dict[str, Any]:
        pm = self._payment_method(pm_id)
        if pm["customer"] is None:
            raise StripeError(
                400,
                "invalid_request_error",
                "The payment method you provided is not attached to a customer so detachment is impossible.",
            )
        for customer in self.customers.values():
            if customer["invoice_settings"]["default_payment_method"] == pm_id:
                customer["invoice_settings"]["default_payment_method"] = None
        pm["customer"] = None
        pm["detached"] = True
        return {k: v for k, v in pm.items() if k != "detached"}

    # --- subscriptions ------------------------------------------------------------------------

    def _card_for(self, customer: str, pm_id: str | None, param: str) -> Card:
        if pm_id is None:
            pm_id = self.customers[customer]["invoice_settings"]["default_payment_method"]
        if pm_id is None:
            raise StripeError(
                400,
                "invalid_request_error",
                "This customer has no attached payment source or default payment method.",
            )
        pm = self.payment_methods.get(pm_id)
        if pm is None or pm["customer"] != customer:
            raise _missing("PaymentMethod", pm_id, param)
        return self.cards[pm_id]

    def create_subscription(self, _id: str | None, _method: str, form: dict[str, Any]) -> dict[str, Any]:
        customer = form.get("customer")
        if customer not in self.customers:
            raise _missing("customer", str(customer), "customer")
        items = form.get("items") or []
        if not items or not str(items[0].get("price", "")).startswith("price_"):
            raise _missing("price", str(items[0].get("price") if items else None), "items[0][price]")
        pm_id = form.get("default_payment_method")
        card = self._card_for(customer, pm_id, "default_payment_method")
        now = self.clock()
        trial_days = int(form.get("trial_period_days") or 0)
        if trial_days:
            status, trial_end, end = "trialing", now + trial_days * 86400, now + trial_days * 86400
        else:
            paid = card.behaviour == "ok"
            behaviour = form.get("payment_behavior", "allow_incomplete")
            if not paid and behaviour == "error_if_incomplete":
                raise StripeError(402, "card_error", "Your card was declined.", code="card_declined")
            status, trial_end, end = ("active" if paid else "incomplete"), None, now + 30 * 86400
        sid = f"sub_{secrets.token_hex(12)}"
        item = {
            "id": f"si_{secrets.token_hex(7)}",
            "object": "subscription_item",
            "price": {"id": items[0]["price"], "object": "price", "recurring": {"interval": "month"}},
            "quantity": 1,
        }
        sub: dict[str, Any] = {
            "id": sid,
            "object": "subscription",
            "customer": customer,
            "status": status,
            "created": now,
            "start_date": now,
            "billing_cycle_anchor": end,
            "cancel_at": None,
            "cancel_at_period_end": False,
            "canceled_at": None,
            "ended_at": None,
            "default_payment_method": pm_id,
            "metadata": form.get("metadata") or {},
            "pause_collection": None,
            "trial_start": now if trial_days else None,
            "trial_end": trial_end,
            "items": {"object": "list", "data": [item], "has_more": False},
            "latest_invoice": f"in_{secrets.token_hex(7)}",
            "livemode": False,
        }
        self._set_period(sub, now, end)
        self.subscriptions[sid] = sub
        return sub

    def _set_period(self, sub: dict[str, Any], start: int, end: int) -> None:
        if self.period_on_items:
            for item in sub["items"]["data"]:
                item["current_period_start"], item["current_period_end"] = start, end
        else:
            sub["current_period_start"], sub["current_period_end"] = start, end

    def subscription(self, sid: str, method: str, form: dict[str, Any]) -> dict[str, Any]:
        sub = self.subscriptions.get(sid)
        if sub is None:
            raise _missing("subscription", sid)
        if method == "DELETE":
            if sub["status"] == "canceled":
                raise StripeError(
                    400,
                    "invalid_request_error",
                    f"A canceled subscription can only update its metadata: '{sid}'",
                )
            now = self.clock()
            sub.update(status="canceled", canceled_at=now, ended_at=now, cancel_at_period_end=False)
        elif method == "POST":
            if "cancel_at_period_end" in form:
                sub["cancel_at_period_end"] = _bool(form["cancel_at_period_end"])
                sub["canceled_at"] = self.clock() if sub["cancel_at_period_end"] else None
            if "pause_collection" in form:
                pause = form["pause_collection"]
                sub["pause_collection"] = (
                    None
                    if pause in ("", None)
                    else {
                        "behavior": pause.get("behavior"),
                        "resumes_at": int(pause["resumes_at"]) if pause.get("resumes_at") else None,
                    }
                )
            if "default_payment_method" in form:
                self._card_for(sub["customer"], form["default_payment_method"], "default_payment_method")
                sub["default_payment_method"] = form["default_payment_method"]
            if "metadata" in form:
                sub["metadata"] = {**sub["metadata"], **form["metadata"]}
        return sub

    # --- payment intents ----------------------------------------------------------------------

    def create_payment_intent(self, _id: str | None, _method: str, form: dict[str, Any]) -> dict[str, Any]:
        customer = form.get("customer")
        if customer not in self.customers:
            raise _missing("customer", str(customer), "customer")
        try:
            amount = int(form["amount"])
        except (KeyError, ValueError):
            raise StripeError(
                400, "invalid_request_error", "Missing required param: amount.", param="amount"
            ) from None
        card = self._card_for(customer, form.get("payment_method"), "payment_method")
        pid = f"pi_{secrets.token_hex(12)}"
        intent: dict[str, Any] = {
            "id": pid,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "currency": form.get("currency"),
            "customer": customer,
            "payment_method": form.get("payment_method"),
            "description": form.get("description"),
            "metadata": form.get("metadata") or {},
            "created": self.clock(),
            "status": "requires_confirmation",
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
        }
        self.payment_intents[pid] = intent
        if not _bool(form.get("confirm")):
            return intent
        if card.behaviour == "ok":
            intent.update(
                status="succeeded", amount_received=amount, latest_charge=f"ch_{secrets.token_hex(12)}"
            )
            return intent
        code, decline, message = {
            "declined": ("card_declined", "generic_decline", "Your card was declined."),
            "insufficient": ("card_declined", "insufficient_funds", "Your card has insufficient funds."),
            "processing": (
                "processing_error",
                None,
                "An error occurred while processing your card. Try again later.",
            ),
        }[card.behaviour]
        error = {
            "type": "card_error",
            "code": code,
            "message": message,
            **({"decline_code": decline} if decline else {}),
        }
        intent.update(
            status="requires_payment_method",
            last_payment_error=error,
            latest_charge=f"ch_{secrets.token_hex(12)}",
        )
        raise StripeError(
            402, "card_error", message, code=code, decline_code=decline, payment_intent=dict(intent)
        )


class _Server(uvicorn.Server):
    """uvicorn in a thread: no signal handlers (only the main thread may install them)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield
