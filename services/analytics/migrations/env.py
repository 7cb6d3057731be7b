from pf_common.migrations import run_env
from pf_analytics.models import metadata
from pf_analytics.settings import Settings

run_env(metadata, Settings)
