from enum import StrEnum


class NotificationDTOAudience(StrEnum):
    ADMIN = "admin"
    STORE = "store"

    def __str__(self) -> str:
        return str(self.value)
