"""The golden thread: from a need to everything commissioned against it, and back from a
contracting process to its specification, intention, needs and approving decision."""

from datetime import date

import pytest

from joinedup.commissioning.choices import Route
from joinedup.commissioning.queries.plans import thread_for
from joinedup.commissioning.services import plans as services
from joinedup.core.access import ANONYMOUS
from joinedup.core.choices import Visibility
from joinedup.outcomes import periods
from joinedup.outcomes.services import record_observation
from tests.commissioning import contracts_factories as cf
from tests.commissioning import plans_factories as f
from tests.outcomes import factories as outcomes_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread():
    chapter = f.chapter("Carers and families")
    hidden = f.chapter("PARTNERSHIP-ONLY need", visibility=Visibility.PARTNERSHIP)
    indicator = f.kpi_indicator("CARER-TEST", name="Carers assessed")
    services.add_evidence(chapter=chapter, indicator=indicator, dated=date(2022, 9, 30))
    record_observation(
        indicator=indicator, subject=outcomes_factories.subject("JE-T"), numerator=40,
        denominator=50, period=periods.Period(periods.QUARTER, date(2024, 4, 1)),
    )  # fmt: skip
    intention = f.intention(5, chapters=[chapter, hidden], title="Commission for families")
    spec = f.specification(intention=intention, title="Carers support partnership")
    decision = f.decision(title="Approve a partnership agreement")
    services.record_route_decision(
        intention=intention, route=Route.PARTNERSHIP_AGREEMENT, rationale="For families.",
        decision=decision, options=f.options(Route.PARTNERSHIP_AGREEMENT, Route.GRANT),
    )  # fmt: skip
    contract = cf.partnership(
        title="Carers partnership agreement", area=spec.service_area, intention=intention,
        specification_version=spec.versions.get(),
    )  # fmt: skip
    return {"chapter": chapter, "spec": spec, "intention": intention, "decision": decision,
            "contract": contract}  # fmt: skip


def test_a_process_leads_back_to_its_specification_intention_needs_and_decision(thread):
    found = thread_for(thread["contract"].process, ANONYMOUS)
    assert found.specification == thread["spec"]
    assert found.intention == thread["intention"]
    assert found.chapters == [thread["chapter"]]  # the partnership-only chapter stays hidden
    assert found.route.route == Route.PARTNERSHIP_AGREEMENT
    assert found.decision == thread["decision"]


def test_the_chapter_page_shows_what_was_commissioned_and_the_outcomes_since(thread, anonymous):
    html = anonymous.client.get(thread["chapter"].get_absolute_url()).content.decode()
    for text in ("Commission for families", "Carers support partnership",
                 "Carers partnership agreement", "Carers assessed", "80"):  # fmt: skip
        assert text in html, text


def test_the_api_gives_an_intention_with_its_route_and_a_specification_with_its_kpis(
    thread, anonymous
):
    intention = anonymous.client.get(
        f"/api/v1/commissioning/intentions/{thread['intention'].slug}"
    ).json()
    assert intention["needs_chapters"] == [thread["chapter"].slug]
    (route,) = intention["routes"]
    assert route["decision"] == thread["decision"].reference
    assert {o["route"]: o["preferred"] for o in route["options"]} == {
        "partnership_agreement": True, "grant": False
    }  # fmt: skip
    spec = anonymous.client.get(
        f"/api/v1/commissioning/specifications/{thread['spec'].slug}"
    ).json()
    assert spec["versions"][0]["kpis"][0]["target"] == 90.0
    missing = anonymous.client.get("/api/v1/commissioning/specifications/nothing")
    assert missing.status_code == 404 and missing.json()["message"]


def test_the_api_lists_take_a_bounded_number_of_queries(
    thread, anonymous, django_assert_max_num_queries
):
    for path in ("intentions", "service-areas", "specifications", "needs"):
        with django_assert_max_num_queries(6):
            assert anonymous.client.get(f"/api/v1/commissioning/{path}").status_code == 200
