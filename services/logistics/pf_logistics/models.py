"""Tables of the logistics schema (its own schema; no cross-schema foreign keys): SQLModel table models
(``table=True``) on ``LogisticsTable``, whose registry keeps the schema's one MetaData."""

from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables


class LogisticsTable(TableModel, registry=make_registry("logistics")):
    """Base of the logistics service's table models: their registry and MetaData (schema ``logistics``)."""


metadata = LogisticsTable.metadata
platform = add_platform_tables(LogisticsTable)
