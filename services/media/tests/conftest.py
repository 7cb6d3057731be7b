"""media's test settings: blobs under the test's tmp dir, a fixed HMAC key, URLs on the test host."""

import pytest


@pytest.fixture
def settings(settings_factory, tmp_path):
    return settings_factory(
        blobs_dir=tmp_path / "blobs",
        blob_signing_key="test-only-media-signing-key-0123456789",
        public_base_url="http://test",
    )


@pytest.fixture(autouse=True)
async def _fresh_media_context():
    """Each test builds its own context (the app's, or the worker's from its settings)."""
    from pf_media import context

    context.install(None)
    yield
    if context._current is not None:
        await context._current.close()
    context.install(None)
