"""ads: migrations build the schema from nothing, match the models and go down cleanly."""

from pf_common.testing.checks import assert_migrations_roundtrip


def test_migrations_roundtrip(pf_servers):
    assert_migrations_roundtrip(pf_servers, "ads")
