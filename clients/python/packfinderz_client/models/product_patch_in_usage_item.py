from enum import StrEnum


class ProductPatchInUsageItem(StrEnum):
    ANXIETY = "anxiety"
    APPETITE_STIMULATION = "appetite_stimulation"
    DEPRESSION = "depression"
    MUSCLE_RELAXANT = "muscle_relaxant"
    NAUSEA = "nausea"
    PAIN_RELIEF = "pain_relief"
    SLEEP = "sleep"
    STRESS_RELIEF = "stress_relief"

    def __str__(self) -> str:
        return str(self.value)
