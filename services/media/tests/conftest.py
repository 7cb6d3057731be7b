"""media's test settings: blobs under the test's tmp dir, a fixed HMAC key, URLs on the test host."""

import pytest


@pytest.fixture
def settings(settings_factory, tmp_path):
    return settings_factory(
        blobs_dir=tmp_path / "blobs",
        blob_signing_key="test-only-media-signing-key-0123456789",
        public_base_url="http://test",
    )
