from pf_common.migrations import run_env
from pf_catalog.models import metadata
from pf_catalog.settings import Settings

run_env(metadata, Settings)
