"""The commissioning app's rows of the permission matrix, gathered from each stage's own
module (`plans_matrix.py`, `procurement_matrix.py`, `contracts_matrix.py`, `ocds_matrix.py`:
each with a MATRIX of page and API rows), so that four engineers can each keep their own rows.
`tests/test_permission_matrix.py` reads this MATRIX to check every route is covered."""

import importlib
import pkgutil

import tests.commissioning

MATRIX = [
    row
    for module in sorted(pkgutil.iter_modules(tests.commissioning.__path__), key=lambda m: m.name)
    if module.name.endswith("_matrix")
    for row in importlib.import_module(f"tests.commissioning.{module.name}").MATRIX
]
