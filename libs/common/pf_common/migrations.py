"""Alembic helpers: each service owns one schema and its own version table in it.

``migrations/env.py`` of a service is two lines::

    from pf_common.migrations import run_env
    from pf_orders.models import metadata
    from pf_orders.settings import Settings
    run_env(metadata, Settings)

``upgrade(service_dir, url)`` runs ``alembic upgrade head`` programmatically
(``make migrate``, ``make up`` and the test plugin use it).

Autogenerate compares with :func:`compare_options`; every service's ``test_migrations`` compares
the models with the migrated schema through the same options and requires no difference
(``pf_common.testing.checks.assert_migrations_roundtrip``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.pool import NullPool

LOCK_TIMEOUT = "5s"


def _sync_url(url: str) -> str:
    # psycopg 3 serves both sync and async engines under one dialect name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def run_env(target_metadata: MetaData, settings_cls: Any) -> None:
    """Body of a service's ``migrations/env.py`` (online and offline modes)."""
    from alembic import context

    schema = settings_cls.service_name
    config = context.config
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        url = settings_cls().database_url.get_secret_value()
    url = _sync_url(url)

    opts: dict[str, Any] = {
        "target_metadata": target_metadata,
        "version_table_schema": schema,
        **compare_options(schema),
    }
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **opts)
        with context.begin_transaction():
            context.run_migrations()
        return

    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as conn:
        conn.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        conn.commit()
        context.configure(connection=conn, **opts)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def compare_options(schema: str) -> dict[str, Any]:
    """What autogenerate compares for a service: its schema only (never the version table), column
    types, and server defaults too (off by default in Alembic; on Postgres it evaluates both
    defaults to compare them). Alembic never compares CHECK constraints, computed expressions or
    index predicates: ``pf_common.testing.checks`` checks what it can of those."""
    return {
        "include_schemas": True,
        "include_name": schema_filter(schema),
        "compare_type": True,
        "compare_server_default": True,
    }


def schema_filter(schema: str) -> Any:
    """Autogenerate filter: only this service's schema, never the version table."""

    def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
        if type_ == "schema":
            return name == schema
        if type_ == "table":
            return name != "alembic_version"
        return True

    return include_name


def service_dir(service: str) -> Path:
    """The folder of a service (holds ``alembic.ini`` and ``migrations/``), found from its package."""
    import importlib

    module = importlib.import_module(f"pf_{service}")
    assert module.__file__ is not None  # a regular package (its __init__.py), not a namespace one
    return Path(module.__file__).resolve().parent.parent


def alembic_config(service_dir: Path, url: str | None = None) -> Any:
    from alembic.config import Config

    cfg = Config(str(service_dir / "alembic.ini"))
    cfg.set_main_option("script_location", str(service_dir / "migrations"))
    if url:
        cfg.attributes["url"] = url
    return cfg


def upgrade(service_dir: Path, url: str | None = None, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(service_dir, url), revision)


def downgrade(service_dir: Path, url: str | None = None, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(service_dir, url), revision)


def head_revision(service_dir: Path) -> str:
    """The head revision of a service's Alembic history (what ``upgrade`` brings a schema to)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(service_dir)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations under {service_dir}")
    return head
