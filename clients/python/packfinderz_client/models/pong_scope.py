from enum import StrEnum


class PongScope(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"
    PUBLIC = "public"
    STORE = "store"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
