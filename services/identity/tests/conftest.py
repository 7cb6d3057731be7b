"""identity's test settings: cheap Argon2 parameters (production keeps NFR §5's)."""

import pytest


@pytest.fixture
def settings(settings_factory):
    return settings_factory(argon2_memory_kib=1024, argon2_time_cost=1, argon2_parallelism=1)
