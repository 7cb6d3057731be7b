"""Settings: the service prefix wins over PF_, secrets never printed."""

from typing import ClassVar

from pf_common.settings import ServiceSettings, service_config


class OrdersSettings(ServiceSettings):
    model_config = service_config("orders")
    service_name: ClassVar[str] = "orders"


def test_service_prefix_overrides_shared_prefix(monkeypatch):
    monkeypatch.setenv("PF_REDIS_URL", "redis://shared:6379/0")
    monkeypatch.setenv("PF_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("PF_ORDERS_REDIS_URL", "redis://orders-only:6379/0")
    s = OrdersSettings()
    assert s.redis_url.get_secret_value() == "redis://orders-only:6379/0"
    assert s.log_level == "DEBUG"  # shared value used where the service sets none


def test_service_name_is_not_configurable(monkeypatch):
    monkeypatch.setenv("PF_SERVICE_NAME", "evil")
    monkeypatch.setenv("PF_ORDERS_SERVICE_NAME", "evil")
    assert OrdersSettings().service_name == "orders"
    assert OrdersSettings().schema_name == "orders"


def test_secrets_never_printed(monkeypatch):
    monkeypatch.setenv("PF_DATABASE_URL", "postgres://app:s3cr3t-pw@db:5432/pf")
    s = OrdersSettings()
    for text in (repr(s), str(s), s.model_dump_json()):
        assert "s3cr3t-pw" not in text
    assert s.database_url.get_secret_value() == "postgresql+psycopg://app:s3cr3t-pw@db:5432/pf"


def test_invalid_values_are_rejected(monkeypatch):
    import pytest
    from pydantic import ValidationError

    monkeypatch.setenv("PF_ORDERS_OUTBOX_PUBLISH_BATCH_SIZE", "0")
    with pytest.raises(ValidationError):
        OrdersSettings()
