"""Every route and API operation of the product is in some app's permission matrix, so a new
route cannot ship without saying who may use it."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import tests
from joinedup.api import api
from tests.matrix import expected_answers


def all_matrix_rows() -> list:
    """The rows of every `tests/<app>/matrix.py` and `tests/<app>/api_matrix.py`."""
    rows = []
    for package in pkgutil.iter_modules(tests.__path__):
        if not package.ispkg:
            continue
        inner = importlib.import_module(f"tests.{package.name}").__path__
        for module in pkgutil.iter_modules(inner):
            if module.name in {"matrix", "api_matrix"}:
                rows += importlib.import_module(f"tests.{package.name}.{module.name}").MATRIX
    return rows


def _named_routes(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_row_expects_an_answer_from_each_of_the_ten_personas():
    for row in all_matrix_rows():
        expected_answers(row)


def test_every_route_is_in_the_matrix():
    covered = {route for route, *_ in all_matrix_rows()}
    # The Django admin's own pages are staff-only by construction; its index stands for them all.
    product_routes = {name for name in _named_routes() if not name.startswith("admin:")}
    missing = product_routes - covered
    assert not missing, f"routes missing from the permission matrix: {sorted(missing)}"


def test_every_api_operation_is_in_the_matrix():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    in_matrix = {r.removeprefix("api:") for r, *_ in all_matrix_rows() if r.startswith("api:")}
    missing = {op.rsplit("_api_", 1)[-1] for op in operations} - in_matrix
    assert not missing, f"API operations missing from the permission matrix: {sorted(missing)}"
