from pf_ads.models import metadata
from pf_ads.settings import Settings
from pf_common.migrations import run_env

run_env(metadata, Settings)
