from enum import StrEnum


class ListOrdersApiV1OrdersGetPerspectiveType0(StrEnum):
    BUYER = "buyer"
    VENDOR = "vendor"

    def __str__(self) -> str:
        return str(self.value)
