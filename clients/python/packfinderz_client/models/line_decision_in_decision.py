from enum import StrEnum


class LineDecisionInDecision(StrEnum):
    FULFILL = "fulfill"
    REJECT = "reject"

    def __str__(self) -> str:
        return str(self.value)
