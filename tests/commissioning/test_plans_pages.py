"""The plans pages through HTTP: what they show, the commissioner's forms (errors beside the
field, nothing changed), escaping, and bounded query counts on the lists."""

import html
from datetime import date

import pytest
from django.urls import reverse

from joinedup.commissioning.choices import CommissioningModel, Route
from joinedup.commissioning.models import (
    NeedsChapter,
    NeedsEvidence,
    RouteDecision,
    ServiceArea,
    Specification,
)
from joinedup.commissioning.services.plans import add_evidence
from joinedup.core.audit_models import AuditEntry
from joinedup.core.choices import Visibility
from tests.commissioning import plans_factories as f

pytestmark = pytest.mark.django_db


def _error_beside(response, field_id: str) -> str:
    """The error message shown beside one field."""
    page = response.content.decode()
    marker = f'id="{field_id}-error"'
    assert marker in page, f"no error beside {field_id}"
    return html.unescape(page.split(marker, 1)[1].split("</p>", 1)[0])


def test_a_commissioner_adds_a_chapter_and_it_is_public(commissioner, anonymous):
    response = commissioner.client.post(reverse("commissioning:chapter_create"), {
        "title": "Care at home", "gap": "No evening care.", "assessed_on": "2022-09-30",
        "population_groups": "Older people, Carers", "visibility": "public",
    })  # fmt: skip
    chapter = NeedsChapter.objects.get()
    assert response.status_code == 302 and response["Location"] == chapter.get_absolute_url()
    page = anonymous.client.get(chapter.get_absolute_url())
    assert b"No evening care." in page.content and b"Carers" in page.content


def test_a_blank_chapter_shows_each_error_beside_its_field(commissioner):
    response = commissioner.client.post(reverse("commissioning:chapter_create"), {})
    assert response.status_code == 400
    assert "Enter the chapter's title" in _error_beside(response, "id_title")
    assert "Enter the gap found" in _error_beside(response, "id_gap")
    assert not NeedsChapter.objects.exists()


def test_a_service_refusal_shows_beside_its_field(commissioner):
    f.chapter("Care at home")
    response = commissioner.client.post(reverse("commissioning:chapter_create"), {
        "title": "Care at home", "gap": "Gap.", "visibility": "public",
    })  # fmt: skip
    assert response.status_code == 400
    assert "already" in _error_beside(response, "id_title")


def test_free_text_is_escaped(anonymous):
    chapter = f.chapter("Evening care", gap="<script>alert(1)</script>")
    page = anonymous.client.get(chapter.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_evidence_link_must_be_a_web_address(commissioner):
    chapter = f.chapter()
    url = reverse("commissioning:evidence_add", kwargs={"slug": chapter.slug})
    response = commissioner.client.post(url, {
        "dated": "2022-01-01", "title": "Report", "url": "javascript:alert(1)",
    })  # fmt: skip
    assert response.status_code == 400
    assert "https://" in _error_beside(response, "id_url")
    assert not NeedsEvidence.objects.exists()
    indicator = f.kpi_indicator("JCM-TEST")
    response = commissioner.client.post(url, {"dated": "2022-01-01", "indicator": "JCM-TEST"})
    assert response.status_code == 302
    assert chapter.evidence.get().indicator == indicator


def test_the_route_form_records_the_appraisal_and_refuses_a_route_not_considered(commissioner):
    intention, decision = f.intention(1), f.decision()
    url = reverse("commissioning:route_decide", kwargs={"slug": intention.slug})
    form = {
        "route": Route.IN_HOUSE, "decision": decision.reference, "rationale": "Fair.",
        "option_1_route": Route.TENDER, "option_1_pros": "Open.", "option_1_cons": "Slow.",
        "option_2_route": Route.GRANT, "option_2_pros": "Simple.", "option_2_cons": "Siloed.",
    }  # fmt: skip
    response = commissioner.client.post(url, form)
    assert response.status_code == 400
    assert "one of the options" in _error_beside(response, "id_route")
    assert not RouteDecision.objects.exists()
    form["option_2_route"] = Route.TENDER
    response = commissioner.client.post(url, {**form, "route": Route.TENDER})
    assert "different route" in _error_beside(response, "id_option_1_route")
    form["option_2_route"] = Route.GRANT
    response = commissioner.client.post(url, {**form, "route": Route.TENDER})
    assert response.status_code == 302
    page = commissioner.client.get(intention.get_absolute_url()).content.decode()
    assert decision.reference in page and "Simple." in page


def test_the_model_form_changes_the_model_with_a_reason(commissioner, anonymous):
    area = f.service_area("Home care")
    url = reverse("commissioning:service_area_model", kwargs={"slug": area.slug})
    response = commissioner.client.post(url, {
        "to_model": CommissioningModel.SPECIFICATION_AND_PROCUREMENT, "changed_on": "2024-04-01",
        "reason": "Because.",
    })  # fmt: skip
    assert "already" in _error_beside(response, "id_to_model")
    response = commissioner.client.post(url, {
        "to_model": CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
        "changed_on": "2024-04-01", "reason": "Co-produced outcomes.",
    })  # fmt: skip
    assert response.status_code == 302
    assert ServiceArea.objects.get().model == CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP
    page = anonymous.client.get(area.get_absolute_url()).content.decode()
    assert "Co-produced outcomes." in page


def test_a_new_version_form_starts_from_the_last_and_adds_a_kpi(commissioner):
    first, second = f.kpi_indicator("HC-A"), f.kpi_indicator("HC-B")
    spec = f.specification(kpis=[(first, 90.0)])
    url = reverse("commissioning:specification_version_add", kwargs={"slug": spec.slug})
    page = commissioner.client.get(url).content.decode()
    assert "Care at home." in page  # the copy of version 1
    form = {
        "change_note": "Adds HC-B.", "service_description": "Care at home.",
        "outcomes": "Islanders live at home for longer.\nCarers are supported.",
        "kpi_1_indicator": "HC-A", "kpi_1_target": "90",
        "kpi_2_indicator": "HC-B", "kpi_2_target": "105", "kpi_2_target_upper": "95",
    }  # fmt: skip
    response = commissioner.client.post(url, form)
    assert response.status_code == 400
    assert "upper end" in _error_beside(response, "id_kpi_1_indicator")
    response = commissioner.client.post(url, {**form, "kpi_2_target": "95",
                                              "kpi_2_target_upper": "105"})  # fmt: skip
    assert response.status_code == 302
    latest = spec.versions.get(version=2)
    assert [k.indicator for k in latest.kpis.order_by("position")] == [first, second]
    assert AuditEntry.objects.filter(action="specification.versioned").count() == 1


def test_a_commissioner_writes_a_specification(commissioner):
    area, indicator = f.service_area("Home care"), f.kpi_indicator("HC-A")
    response = commissioner.client.post(reverse("commissioning:specification_create"), {
        "title": "Home care services", "service_area": area.slug,
        "service_description": "Care at home.", "outcomes": "Live at home.",
        "kpi_1_indicator": indicator.code, "kpi_1_target": "90",
    })  # fmt: skip
    assert response.status_code == 302
    assert Specification.objects.get().versions.get().kpis.get().indicator == indicator


def test_a_partnership_only_specification_is_not_listed_for_the_public(anonymous, member_a):
    f.specification(title="PARTNERSHIP-ONLY spec", visibility=Visibility.PARTNERSHIP)
    url = reverse("commissioning:specification_list")
    assert b"PARTNERSHIP-ONLY" not in anonymous.client.get(url).content
    assert b"PARTNERSHIP-ONLY" in member_a.client.get(url).content


@pytest.mark.parametrize(
    "route", ["chapter_list", "intention_list", "service_area_list", "specification_list"]
)
def test_the_lists_take_a_bounded_number_of_queries(
    route, anonymous, django_assert_max_num_queries
):
    for n in range(6):
        chapter = f.chapter(f"Chapter {n}")
        intention = f.intention(chapters=[chapter])
        f.specification(f.service_area(f"Area {n}"), intention=intention)
    with django_assert_max_num_queries(8):
        assert anonymous.client.get(reverse(f"commissioning:{route}")).status_code == 200


def test_the_chapter_page_takes_a_bounded_number_of_queries(
    anonymous, django_assert_max_num_queries
):
    chapter = f.chapter()
    for _ in range(4):
        add_evidence(chapter=chapter, indicator=f.kpi_indicator(), dated=date(2022, 1, 1))
        f.specification(intention=f.intention(chapters=[chapter]))
    with django_assert_max_num_queries(14):
        assert anonymous.client.get(chapter.get_absolute_url()).status_code == 200
