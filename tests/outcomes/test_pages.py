"""The outcomes pages through HTTP: the dashboard shows what `analysis` computes, bad choices
in the query string are answered 400 with a message, the rating page names every step, and
each page's queries are bounded whatever the number of subjects and figures."""

import re

import pytest

from joinedup.core.access import ANONYMOUS
from joinedup.outcomes import analysis, services
from tests.outcomes import factories
from tests.outcomes.matrix import build_outcomes_record, figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a):
    return build_outcomes_record(partner_a=partner_a)


def _more_places(records, count):
    for n in range(count):
        place = factories.subject(f"X{n:03d}", parent=records["system"])
        figures(records["public"], place, seen=600 + n)


def test_it_shows_the_dashboards_figures_as_analysis_computes_them(records, client):
    page = client.get("/places/PA/").content.decode()
    (row,) = analysis.dashboard(records["a"], ANONYMOUS)
    shown = re.search(r'data-indicator="PUB".*?data-value="([^"]*)"', page, re.S).group(1)
    assert float(shown) == pytest.approx(row.latest.value)
    assert f"{row.latest.lower:.1f} to {row.latest.upper:.1f}" in page
    assert row.latest.benchmark == "better" and ">Better<" in page
    assert row.latest.target == "worse" and ">Worse<" in page


def test_the_indicator_page_ranks_every_place_with_its_interval(records, client):
    page = client.get("/indicators/PUB/").content.decode()
    assert "Every place compared, Aug 2022" in page
    ranked = page[page.index("Every place compared") :]
    assert ranked.index("Place PB") < ranked.index("Place PA")  # higher is better: PB first
    assert 'data-chart="chart-spec-xmr"' in page and 'data-chart="chart-spec-caterpillar"' in page
    assert "Assurance against the target" in page


def test_a_national_comparison_is_tabled_a_page_at_a_time_beside_the_whole_chart(records, client):
    _more_places(records, 60)
    first = client.get("/indicators/PUB/").content.decode()
    table = first[first.index("every place ranked") :]
    assert table.count('<tr class="govuk-table__row"><th scope="row"') == 50
    assert "places 1 to 50 of 62" in first and 'aria-label="Page 2"' in first
    second = client.get("/indicators/PUB/?page=2").content.decode()
    assert "places 51 to 62 of 62" in second
    assert client.get("/indicators/PUB/?page=9").status_code == 404


def test_a_parent_without_figures_shows_its_members_summed(records, client):
    page = client.get("/indicators/PUB/?subject=SYS").content.decode()
    assert "sum of its members' numerators" in page
    built = analysis.summed_series(records["public"], records["system"])
    assert built.results[-1].value == pytest.approx((840 + 990) / 2000 * 100)


@pytest.mark.parametrize(
    "query, message",
    [
        ("?subject=NOWHERE", "No place or organisation has the code"),
        ("?period=someday", "is not a period of this indicator"),
        ("?period=2022/23", "is not a period of this indicator"),
    ],
)
def test_a_bad_choice_on_the_indicator_page_is_a_400(records, client, query, message):
    response = client.get(f"/indicators/PUB/{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_scheme_is_a_400(records, client):
    response = client.get("/places/PA/rating/?scheme=nonesuch")
    assert response.status_code == 400
    assert "There is no rating scheme" in response.content.decode()


def test_the_rating_page_names_each_step(records, client):
    services.ensure_rating_presets()
    page = client.get("/places/PA/rating/").content.decode()
    explanation = analysis.rate(records["a"], ANONYMOUS)
    for step in ("Theme: Care closer to home", "Priority area: Urgent care", "Seen in four hours",
                 "Each comparison is scored: best (better at 99.8%) scores 1",
                 "below 1.5: outstanding", "3.5 or more: needs most",
                 "The scheme: Segmentation"):  # fmt: skip
        assert step in page, step
    (indicator,) = explanation.themes[0].members[0].members
    assert f">{indicator.score:g}<" in page


def test_the_rating_page_reads_under_the_spine_counts_scheme(records, client):
    services.ensure_rating_presets()
    page = client.get("/places/PB/rating/?scheme=spine-counts").content.decode()
    assert "The scheme: Spine counts" in page and "at 95% confidence" in page


@pytest.mark.parametrize(
    "path, most",
    [
        ("/indicators/", 6),
        ("/indicators/PUB/", 12),
        ("/places/", 6),
        ("/places/PA/", 10),
        ("/places/PA/rating/", 8),
    ],
)
def test_pages_have_a_bounded_number_of_queries(
    records, client, django_assert_max_num_queries, path, most
):
    _more_places(records, 15)
    with django_assert_max_num_queries(most):
        assert client.get(path).status_code == 200
