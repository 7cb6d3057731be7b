"""Root test-tree hooks.

Under ``pytest -n N --dist loadscope`` (``make test``) every module is a scheduling scope; the
end-to-end journeys of tests/e2e share one session-scoped stack (tests/e2e/conftest.py), so the
whole folder is made one scope: one worker starts the stack once and runs every journey on it.
"""

from __future__ import annotations

from typing import Any

import pytest

E2E_PREFIX = "tests/e2e/"


@pytest.hookimpl(optionalhook=True)  # a run without xdist (-p no:xdist) knows no such hook
def pytest_xdist_make_scheduler(config: Any, log: Any) -> Any:
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class E2EOneScope(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(E2E_PREFIX):
                return E2E_PREFIX
            return super()._split_scope(nodeid)

    return E2EOneScope(config, log)
