from enum import StrEnum


class PlanPatchStatus(StrEnum):
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    HIDDEN = "hidden"

    def __str__(self) -> str:
        return str(self.value)
