"""Tables of the analytics schema (its own schema; no cross-schema foreign keys): SQLModel table models
(``table=True``) on ``AnalyticsTable``, whose registry keeps the schema's one MetaData."""

from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables


class AnalyticsTable(TableModel, registry=make_registry("analytics")):
    """Base of the analytics service's table models: their registry and MetaData (schema ``analytics``)."""


metadata = AnalyticsTable.metadata
platform = add_platform_tables(AnalyticsTable)
