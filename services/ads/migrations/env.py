from pf_common.migrations import run_env
from pf_ads.models import metadata
from pf_ads.settings import Settings

run_env(metadata, Settings)
