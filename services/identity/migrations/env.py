from pf_common.migrations import run_env
from pf_identity.models import metadata
from pf_identity.settings import Settings

run_env(metadata, Settings)
