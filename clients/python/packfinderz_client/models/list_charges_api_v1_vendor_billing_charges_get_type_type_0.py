from enum import StrEnum


class ListChargesApiV1VendorBillingChargesGetTypeType0(StrEnum):
    AD_SPEND = "ad_spend"
    OTHER = "other"
    SUBSCRIPTION = "subscription"

    def __str__(self) -> str:
        return str(self.value)
