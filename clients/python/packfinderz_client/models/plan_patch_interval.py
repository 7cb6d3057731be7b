from enum import StrEnum


class PlanPatchInterval(StrEnum):
    ANNUAL = "ANNUAL"
    EVERY_30_DAYS = "EVERY_30_DAYS"

    def __str__(self) -> str:
        return str(self.value)
