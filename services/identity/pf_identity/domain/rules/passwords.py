"""Password policy (issue #4): at least 12 characters, not all one class, not the email."""

from __future__ import annotations

MIN_LENGTH = 12
MAX_LENGTH = 256


def _classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why ``password`` is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    if _classes(password) < 2:
        return "must mix at least two of: lower case, upper case, digits, symbols"
    if email:
        lowered = password.strip().lower()
        local = email.split("@", 1)[0].lower()
        if lowered == email.lower() or (len(local) >= 4 and local in lowered):
            return "must not contain the email address"
    return None
