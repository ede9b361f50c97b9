"""The methods are pure numeric code: no Django anywhere under ``outcomes/methods``."""

import ast
import subprocess
import sys
from pathlib import Path

import joinedup.outcomes.methods as methods

PACKAGE = Path(methods.__file__).parent
ALLOWED = {"numpy", "scipy", "collections", "dataclasses", "enum", "functools", "types", "typing"}


def imported_modules(source: Path) -> set[str]:
    tree = ast.parse(source.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_methods_import_only_numpy_scipy_and_the_standard_library():
    sources = sorted(PACKAGE.glob("*.py"))
    assert len(sources) >= 6
    for source in sources:
        top_levels = {name.split(".")[0] for name in imported_modules(source)}
        assert top_levels <= ALLOWED, (source.name, top_levels - ALLOWED)


def test_the_methods_import_and_run_without_loading_django():
    script = (
        "import sys; import joinedup.outcomes.methods as m; m.wilson(1, 2);"
        "loaded = [name for name in sys.modules if name.split('.')[0] in ('django', 'ninja')];"
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
