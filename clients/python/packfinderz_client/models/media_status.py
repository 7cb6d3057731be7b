from enum import StrEnum


class MediaStatus(StrEnum):
    DELETED = "deleted"
    DELETE_FAILED = "delete_failed"
    DELETE_REQUESTED = "delete_requested"
    FAILED = "failed"
    PENDING = "pending"
    PROCESSING = "processing"
    READY = "ready"
    UPLOADED = "uploaded"

    def __str__(self) -> str:
        return str(self.value)
