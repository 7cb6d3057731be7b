from enum import StrEnum


class PlanCreateStatus(StrEnum):
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    HIDDEN = "hidden"

    def __str__(self) -> str:
        return str(self.value)
