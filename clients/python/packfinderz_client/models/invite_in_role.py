from enum import StrEnum


class InviteInRole(StrEnum):
    ADMIN = "admin"
    AGENT = "agent"
    MANAGER = "manager"
    OPS = "ops"
    OWNER = "owner"
    STAFF = "staff"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
