"""``models.StoreProjection`` as mypy sees it agrees with the class pf_common's factory builds."""

from pf_common.testing.checks import assert_store_projection_stub_matches
from pf_logistics import models


def test_the_store_projection_mypy_sees_is_the_one_built() -> None:
    assert_store_projection_stub_matches(models)
