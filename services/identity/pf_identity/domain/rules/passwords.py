"""Password policy (issue #4): at least 12 characters, not all one class, not the email.

The classes are ASCII lower case, ASCII upper case, ASCII digits and symbols (every other
character), so that the request schema states the same rule as :data:`TWO_CLASSES_PATTERN`
(a JSON Schema ``pattern``: found anywhere in the password) and clients can check it before
sending (issue #19).
"""

from __future__ import annotations

import re
from itertools import permutations

MIN_LENGTH = 12
MAX_LENGTH = 256

_CLASSES = ("[a-z]", "[A-Z]", "[0-9]", r"[^A-Za-z0-9\x00]")
#: the whole password: no NUL (every request string refuses it), and a character of one class
#: somewhere before a character of another
TWO_CLASSES_PATTERN = (
    r"^[^\x00]*(?:" + "|".join(rf"{a}[^\x00]*{b}" for a, b in permutations(_CLASSES, 2)) + r")[^\x00]*$"
)
_TWO_CLASSES = re.compile(TWO_CLASSES_PATTERN)


def password_problem(password: str, *, email: str | None = None) -> str | None:
    """Why ``password`` is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    if _TWO_CLASSES.search(password) is None:
        return "must mix at least two of: lower case, upper case, digits, symbols"
    if email:
        lowered = password.strip().lower()
        local = email.split("@", 1)[0].lower()
        if lowered == email.lower() or (len(local) >= 4 and local in lowered):
            return "must not contain the email address"
    return None
