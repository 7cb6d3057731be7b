"""orders' API tests: the app with a ``FakeCatalog`` at the catalog client's interface (catalog's
own behaviour is tested in catalog; the real pair runs in tests/stack)."""

import pytest
from orders_factories import FakeCatalog


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog()


@pytest.fixture
def context(context_factory, catalog):
    return context_factory(catalog=catalog)
