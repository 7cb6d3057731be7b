from pf_common.migrations import run_env
from pf_finance.models import metadata
from pf_finance.settings import Settings

run_env(metadata, Settings)
