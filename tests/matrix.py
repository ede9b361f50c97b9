"""Shared pieces of the permission matrix: its ten personas and the walk over them.

Each app's tests keep their own rows in `tests/<app>/matrix.py` (and `api_matrix.py`) as
(route name, case, method, path builder, expected status by persona), with a `records` fixture
in their own test module; `tests/test_permission_matrix.py` checks that together they cover every
route and API operation of the product, and that every row names the answer of each of the ten
personas (tests/conftest.py says who they are). Build a row's answers from `everyone(status)`
or `signed_in(status)` and name the personas that differ, e.g. `{**everyone(404), A: 200}`.
"""

ANON, A, B = "anonymous", "member of partner A", "member of partner B"
BOARD, SECRETARY, PMO = "board member", "secretary", "PMO officer"
COMMISSIONER, EVALUATOR, ANALYST, ADMIN = "commissioner", "evaluator", "analyst", "admin"
EVERYONE = (ANON, A, B, BOARD, SECRETARY, PMO, COMMISSIONER, EVALUATOR, ANALYST, ADMIN)


def everyone(status: int) -> dict:
    return dict.fromkeys(EVERYONE, status)


def signed_in(status: int, anonymous: int = 302) -> dict:
    return {**everyone(status), ANON: anonymous}


def _require_all_ten(names, what: str) -> None:
    missing, extra = set(EVERYONE) - set(names), set(names) - set(EVERYONE)
    assert not missing and not extra, f"{what}: missing {sorted(missing)}, unknown {sorted(extra)}"


def expected_answers(row) -> dict:
    """A row's expected status by persona, which must name each of the ten: no silent default."""
    expected = row[-1]
    _require_all_ten(expected, f"row {row_id(row)}")
    return expected


def responses(personas, method, path, data=None, *, as_json=False, headers=None) -> dict:
    """Each of the ten personas' response to one route, asked in the order of EVERYONE.

    With `as_json`, a POST sends its data as a JSON body, as an API client would; `headers` go
    with every request (`{"HX-Request": "true"}` asks for a page's HTMX fragment).
    """
    _require_all_ten(personas, "personas")
    answers = {}
    for name in EVERYONE:
        client = personas[name].client
        if method == "post" and as_json:
            answers[name] = client.post(
                path, data or {}, content_type="application/json", headers=headers
            )
        else:
            answers[name] = getattr(client, method)(path, data=data or {}, headers=headers)
    return answers


def walk(personas, method, path, data=None, *, as_json=False, headers=None) -> dict:
    """The status each persona gets for one route."""
    found = responses(personas, method, path, data, as_json=as_json, headers=headers)
    return {name: response.status_code for name, response in found.items()}


def row_id(row) -> str:
    route, case, *_ = row
    return f"{route}[{case}]" if case else route
