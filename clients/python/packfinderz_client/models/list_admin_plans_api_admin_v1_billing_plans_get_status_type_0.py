from enum import StrEnum


class ListAdminPlansApiAdminV1BillingPlansGetStatusType0(StrEnum):
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    HIDDEN = "hidden"

    def __str__(self) -> str:
        return str(self.value)
