from pf_common.migrations import run_env
from pf_orders.models import metadata
from pf_orders.settings import Settings

run_env(metadata, Settings)
