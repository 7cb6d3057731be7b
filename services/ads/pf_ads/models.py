"""Tables of the ads schema (its own schema; no cross-schema foreign keys): SQLModel table models
(``table=True``) on ``AdsTable``, whose registry keeps the schema's one MetaData."""

from pf_common.db import TableModel, make_registry
from pf_common.platform_tables import add_platform_tables


class AdsTable(TableModel, registry=make_registry("ads")):
    """Base of the ads service's table models: their registry and MetaData (schema ``ads``)."""


metadata = AdsTable.metadata
platform = add_platform_tables(AdsTable)
