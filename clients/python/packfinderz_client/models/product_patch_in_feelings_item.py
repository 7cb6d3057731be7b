from enum import StrEnum


class ProductPatchInFeelingsItem(StrEnum):
    CALM = "calm"
    CREATIVE = "creative"
    EUPHORIC = "euphoric"
    FOCUSED = "focused"
    HAPPY = "happy"
    HUNGRY = "hungry"
    RELAXED = "relaxed"
    SLEEPY = "sleepy"
    TALKATIVE = "talkative"
    UPLIFTED = "uplifted"

    def __str__(self) -> str:
        return str(self.value)
