"""``models.StoreProjection`` as mypy sees it agrees with the class pf_common's factory builds.

The factory builds the table class at run time, so ``models.py`` declares its fields again for the
type checker, under ``if TYPE_CHECKING``; this test keeps the two from drifting apart.
"""

import ast
import inspect
from typing import Any

from pf_catalog import models


def _declared_for_mypy() -> dict[str, Any]:
    tree = ast.parse(inspect.getsource(models))
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for cls in node.body:
                if isinstance(cls, ast.ClassDef) and cls.name == "StoreProjection":
                    namespace = vars(models)
                    return {
                        item.target.id: eval(ast.unparse(item.annotation), namespace)  # noqa: S307
                        for item in cls.body
                        if isinstance(item, ast.AnnAssign)
                        and isinstance(item.target, ast.Name)
                        and not item.target.id.startswith("__")
                    }
    raise AssertionError("models.py declares no StoreProjection under `if TYPE_CHECKING`")


def test_the_store_projection_mypy_sees_is_the_one_built() -> None:
    built = {name: field.annotation for name, field in models.StoreProjection.model_fields.items()}

    assert _declared_for_mypy() == built
