"""UUIDv7: version/variant bits and time order."""

from pf_common.ids import uuid7


def test_uuid7_bits_and_monotonic_order():
    ids = [uuid7() for _ in range(10_000)]
    assert all(u.version == 7 for u in ids)
    assert all(u.variant == "specified in RFC 4122" for u in ids)
    assert ids == sorted(ids, key=lambda u: u.int)
    assert len(set(ids)) == len(ids)
