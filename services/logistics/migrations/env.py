from pf_common.migrations import run_env
from pf_logistics.models import metadata
from pf_logistics.settings import Settings

run_env(metadata, Settings)
