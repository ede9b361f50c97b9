"""Shared pieces of the permission matrix, and the check that every route is in it.

Each app's tests keep their own rows in `tests/<app>/matrix.py` as
(route name, case, method, path builder, expected status by persona), with a `records` fixture
in their own test module; `tests/test_permission_matrix.py` checks that together they cover every
route and API operation of the product.
"""

ANON, A, B, PMO, ADMIN = (
    "anonymous",
    "member of partner A",
    "member of partner B",
    "PMO officer",
    "admin",
)
EVERYONE = (ANON, A, B, PMO, ADMIN)


def everyone(status: int) -> dict:
    return dict.fromkeys(EVERYONE, status)


def signed_in(status: int, anonymous: int = 302) -> dict:
    return {**everyone(status), ANON: anonymous}


def walk(personas, method, path, data=None) -> dict:
    """The status each persona gets for one route."""
    return {
        name: getattr(persona.client, method)(path, data=data or {}).status_code
        for name, persona in personas.items()
    }


def row_id(row) -> str:
    route, case, *_ = row
    return f"{route}[{case}]" if case else route
