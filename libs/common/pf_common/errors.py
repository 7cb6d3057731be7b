"""Canonical error codes (spec/API.md §1.3-1.4) and the exceptions that carry them.

Domain code raises a subclass with a stable ``code``; the app factory turns
every exception into ``{"error": {"code", "message", "details"?}}``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AppError(Exception):
    """Base of every error that maps to a canonical envelope."""

    status_code: ClassVar[int] = 500
    code: ClassVar[str] = "INTERNAL_ERROR"
    default_message: ClassVar[str] = "internal error"
    allows_details: ClassVar[bool] = False

    def __init__(
        self,
        message: str | None = None,
        *,
        details: dict[str, Any] | None = None,
        reason: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.details = details if self.allows_details else None
        # ``reason`` is a stable machine slug for logs (e.g. ``vendor_order_not_cancellable``).
        self.reason = reason
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            err["details"] = self.details
        return {"error": err}


class ValidationFailed(AppError):
    status_code = 400
    code = "VALIDATION_ERROR"
    default_message = "validation failed"
    allows_details = True


class Unauthorized(AppError):
    status_code = 401
    code = "UNAUTHORIZED"
    default_message = "unauthorized"


class Forbidden(AppError):
    status_code = 403
    code = "FORBIDDEN"
    default_message = "forbidden"


class NotFound(AppError):
    status_code = 404
    code = "NOT_FOUND"
    default_message = "not found"


class MethodNotAllowed(AppError):
    """The path exists but not with this method; the ``Allow`` header lists its methods."""

    status_code = 405
    code = "METHOD_NOT_ALLOWED"
    default_message = "method not allowed"


class Conflict(AppError):
    status_code = 409
    code = "CONFLICT"
    default_message = "conflict"


class IdempotencyKeyReused(AppError):
    status_code = 409
    code = "IDEMPOTENCY_KEY_REUSED"
    default_message = "idempotency key reused with a different request"
    allows_details = True


class StateConflict(AppError):
    status_code = 422
    code = "STATE_CONFLICT"
    default_message = "illegal state transition"
    allows_details = True


class RateLimited(AppError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"
    default_message = "rate limit exceeded"


class InternalError(AppError):
    status_code = 500
    code = "INTERNAL_ERROR"
    default_message = "internal error"


class DependencyError(AppError):
    status_code = 503
    code = "DEPENDENCY_ERROR"
    default_message = "a dependency is unavailable"
    allows_details = True


CODES: dict[str, type[AppError]] = {
    cls.code: cls
    for cls in (
        ValidationFailed,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        Conflict,
        IdempotencyKeyReused,
        StateConflict,
        RateLimited,
        InternalError,
        DependencyError,
    )
}


# Errors of the event pipeline (consumers raise these; the runner decides).
class RetryableError(Exception):
    """A transient failure (network, 5xx, lock timeout): redeliver later."""


class PoisonMessage(Exception):
    """Bad data that will never succeed: dead-letter at once."""
