from pf_analytics.models import metadata
from pf_analytics.settings import Settings
from pf_common.migrations import run_env

run_env(metadata, Settings)
