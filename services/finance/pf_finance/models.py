"""Tables of the finance schema (its own schema; no cross-schema foreign keys): SQLModel table models
(``table=True``) on ``FinanceTable``, whose registry keeps the schema's one MetaData."""

from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables


class FinanceTable(TableModel, registry=make_registry("finance")):
    """Base of the finance service's table models: their registry and MetaData (schema ``finance``)."""


metadata = FinanceTable.metadata
platform = add_platform_tables(FinanceTable)
