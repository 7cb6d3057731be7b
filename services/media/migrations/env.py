from pf_common.migrations import run_env
from pf_media.models import metadata
from pf_media.settings import Settings

run_env(metadata, Settings)
