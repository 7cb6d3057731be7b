from enum import StrEnum


class KycInAction(StrEnum):
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"

    def __str__(self) -> str:
        return str(self.value)
