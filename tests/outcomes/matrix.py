"""The outcomes pages' rows of the permission matrix, and the records they are walked over: a
theme and priority area holding a public indicator `PUB` (with target and benchmark), a
partnership-only indicator `PARTNERSHIP-ONLY` and one `RESTRICTED` to partner A; a system `SYS`
with places `PA` and `PB`; eight months of figures of each indicator for both places."""

from datetime import date

from joinedup.core.choices import Visibility
from joinedup.outcomes import periods, services
from joinedup.outcomes.choices import SubjectKind
from tests.matrix import ADMIN, ANALYST, A, everyone, signed_in
from tests.outcomes import factories

HIDDEN = signed_in(200, anonymous=404)  # a partnership-only indicator


def analysts(status: int = 200) -> dict:
    """Analysts (and admins) import figures and write rating schemes; other staff roles do not."""
    return {**signed_in(403), ANALYST: status, ADMIN: status}


ANALYST_ONLY = analysts()
# An indicator restricted to A: its people and admins; the analyst role does not open it.
ONLY_A = {**everyone(404), A: 200, ADMIN: 200}
MONTHS = 8


def month(n: int) -> periods.Period:
    return periods.Period(periods.MONTH, date(2022 + n // 12, n % 12 + 1, 1))


def figures(indicator, subject, *, seen=700, step=20) -> None:
    for n in range(MONTHS):
        services.record_observation(
            indicator=indicator, subject=subject, period=month(n), numerator=seen + step * n,
            denominator=1000,
        )  # fmt: skip


def build_outcomes_record(*, partner_a) -> dict:
    theme = services.create_theme(code="care", name="Care closer to home")
    area = services.create_priority_area(code="uec", name="Urgent care", theme=theme)
    public = factories.indicator("PUB", name="Seen in four hours", target=95.0,
                                 benchmark=80.0, priority_area=area)  # fmt: skip
    partnership = factories.indicator(
        "PARTNERSHIP-ONLY", name="PARTNERSHIP-ONLY waits", visibility=Visibility.PARTNERSHIP,
        benchmark=80.0, priority_area=area,
    )  # fmt: skip
    restricted = factories.indicator(
        "RESTRICTED", name="RESTRICTED discharges", visibility=Visibility.RESTRICTED,
        restricted_to=[partner_a], benchmark=80.0, priority_area=area,
    )  # fmt: skip
    system = factories.subject("SYS", name="The system", kind=SubjectKind.SYSTEM)
    places = [factories.subject(code, name=f"Place {code}", parent=system) for code in ("PA", "PB")]
    for indicator in (public, partnership, restricted):
        for place, seen in zip(places, (700, 850), strict=True):
            figures(indicator, place, seen=seen)
    (scheme, _) = services.ensure_rating_presets()
    return {"public": public, "partnership": partnership, "restricted": restricted,
            "system": system, "a": places[0], "b": places[1], "scheme": scheme}  # fmt: skip


def _indicator(key):
    return lambda r: f"/indicators/{r[key].code}/"


def _scheme(r):
    return f"/rating-schemes/{r['scheme'].slug}/edit/"


MATRIX = [
    ("outcomes:indicator_list", "", "get", lambda r: "/indicators/", everyone(200)),
    ("outcomes:indicator_detail", "public", "get", _indicator("public"), everyone(200)),
    ("outcomes:indicator_detail", "partnership", "get", _indicator("partnership"), HIDDEN),
    ("outcomes:indicator_detail", "restricted", "get", _indicator("restricted"), ONLY_A),
    ("outcomes:indicator_detail", "unknown", "get", lambda r: "/indicators/NOPE/", everyone(404)),
    ("outcomes:subject_list", "", "get", lambda r: "/places/", everyone(200)),
    ("outcomes:subject_dashboard", "", "get", lambda r: "/places/PA/", everyone(200)),
    ("outcomes:subject_dashboard", "unknown", "get", lambda r: "/places/NOPE/", everyone(404)),
    ("outcomes:subject_rating", "", "get", lambda r: "/places/PA/rating/", everyone(200)),
    ("outcomes:subject_rating", "unknown", "get", lambda r: "/places/NOPE/rating/", everyone(404)),
    ("outcomes:scheme_list", "", "get", lambda r: "/rating-schemes/", everyone(200)),
    ("outcomes:import_list", "", "get", lambda r: "/imports/", ANALYST_ONLY),
    ("outcomes:import_create", "", "get", lambda r: "/imports/new/", ANALYST_ONLY),
    ("outcomes:import_create", "", "post", lambda r: "/imports/new/", analysts(400)),
    ("outcomes:scheme_create", "", "get", lambda r: "/rating-schemes/new/", ANALYST_ONLY),
    (
        "outcomes:scheme_create",
        "",
        "post",
        lambda r: "/rating-schemes/new/",
        analysts(400),
    ),  # fmt: skip
    ("outcomes:scheme_edit", "", "get", _scheme, ANALYST_ONLY),
    ("outcomes:scheme_edit", "", "post", _scheme, analysts(400)),
    (
        "outcomes:scheme_edit",
        "unknown",
        "get",
        lambda r: "/rating-schemes/nope/edit/",
        analysts(404),
    ),  # fmt: skip
]
