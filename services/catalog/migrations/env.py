from pf_catalog.models import metadata
from pf_catalog.settings import Settings
from pf_common.migrations import run_env

run_env(metadata, Settings)
