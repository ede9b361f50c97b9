"""The plans services: what they record, and what they refuse (with a message naming the
field, nothing changed, no audit entry)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joinedup.commissioning.choices import CommissioningModel, Route
from joinedup.commissioning.models import (
    Kpi,
    ModelChange,
    NeedsChapter,
    NeedsEvidence,
    RouteDecision,
    Specification,
    SpecificationVersion,
)
from joinedup.commissioning.services import plans as services
from joinedup.core.audit_models import AuditEntry
from tests.commissioning import plans_factories as f

pytestmark = pytest.mark.django_db


def _refused(call, field):
    """The call is refused naming `field`, with no audit entry added."""
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refusal:
        call()
    assert field in refusal.value.message_dict, refusal.value.message_dict
    assert AuditEntry.objects.count() == before
    return refusal.value.message_dict[field][0]


# Needs ------------------------------------------------------------------------------------------


def test_it_records_a_chapter_with_its_population_groups_and_an_audit_entry():
    chapter = f.chapter("Care at home", population_groups=["Older people", "Carers"])
    assert chapter.slug == "care-at-home"
    assert sorted(g.name for g in chapter.population_groups.all()) == ["Carers", "Older people"]
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "needs_chapter.created" and entry.object_id == str(chapter.pk)


def test_a_chapter_needs_a_gap_and_a_new_title():
    f.chapter("Care at home")
    assert "gap" in _refused(lambda: f.chapter("Other", gap=" "), "gap")
    assert "already" in _refused(lambda: f.chapter("Care at home"), "title")
    assert NeedsChapter.objects.count() == 1


def test_a_chapter_cannot_be_assessed_in_the_future():
    tomorrow = timezone.localdate() + timedelta(days=1)
    _refused(lambda: f.chapter(assessed_on=tomorrow), "assessed_on")


def test_evidence_is_an_indicator_or_a_document_never_both_nor_neither():
    chapter, indicator = f.chapter(), f.kpi_indicator()
    day = date(2022, 9, 30)
    _refused(lambda: services.add_evidence(chapter=chapter, dated=day), "title")
    _refused(lambda: services.add_evidence(chapter=chapter, dated=day, title="Report"), "url")
    _refused(
        lambda: services.add_evidence(chapter=chapter, dated=day, indicator=indicator,
                                      title="Report", url="https://www.gov.je/"),
        "indicator",
    )  # fmt: skip
    _refused(
        lambda: services.add_evidence(chapter=chapter, dated=day, title="R", url="javascript:x"),
        "url",
    )
    assert not NeedsEvidence.objects.exists()
    services.add_evidence(chapter=chapter, dated=day, indicator=indicator)
    services.add_evidence(chapter=chapter, dated=day, title="Report", url="https://www.gov.je/")
    assert chapter.evidence.count() == 2
    _refused(lambda: services.add_evidence(chapter=chapter, dated=day, indicator=indicator),
             "indicator")  # fmt: skip


def test_an_uploaded_document_must_be_what_it_says_it_is(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chapter = f.chapter()
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    _refused(
        lambda: services.add_evidence(chapter=chapter, dated=date(2022, 1, 1), title="R",
                                      file=fake),
        "file",
    )  # fmt: skip
    real = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    evidence = services.add_evidence(chapter=chapter, dated=date(2022, 1, 1), title="R", file=real)
    assert evidence.content_type == "application/pdf" and evidence.file.name


# Service areas ----------------------------------------------------------------------------------


def test_changing_a_service_areas_model_keeps_its_history():
    area = f.service_area()
    services.change_service_area_model(
        service_area=area, to_model=CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
        changed_on=date(2024, 4, 1), reason="The strategy's move to partnership.",
    )  # fmt: skip
    area.refresh_from_db()
    assert area.model == CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP
    history = list(area.changes.order_by("changed_on").values_list("from_model", "to_model"))
    assert history == [
        ("", CommissioningModel.SPECIFICATION_AND_PROCUREMENT),
        (CommissioningModel.SPECIFICATION_AND_PROCUREMENT,
         CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP),
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="service_area.model_changed").count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"to_model": CommissioningModel.SPECIFICATION_AND_PROCUREMENT}, "to_model"),
        ({"to_model": "joint_venture"}, "to_model"),
        ({"reason": "  "}, "reason"),
        ({"changed_on": date(2019, 12, 31)}, "changed_on"),
        ({"changed_on": date.today() + timedelta(days=2)}, "changed_on"),
    ],
)
def test_a_model_change_is_refused_when_it_cannot_be_right(changes, field):
    area = f.service_area()
    call = {
        "service_area": area, "to_model": CommissioningModel.MATURE_INTEGRATED_PARTNERSHIP,
        "changed_on": date(2024, 1, 1), "reason": "Because.", **changes,
    }  # fmt: skip
    _refused(lambda: services.change_service_area_model(**call), field)
    area.refresh_from_db()
    assert area.model == CommissioningModel.SPECIFICATION_AND_PROCUREMENT
    assert ModelChange.objects.filter(service_area=area).count() == 1


# Route decisions --------------------------------------------------------------------------------


def test_a_route_decision_keeps_the_options_appraisal_and_the_approving_decision():
    intention, decision = f.intention(), f.decision()
    chosen = services.record_route_decision(
        intention=intention, route=Route.TENDER, rationale="Fair and open.", decision=decision,
        options=f.options(Route.TENDER, Route.GRANT, Route.DIRECT_AWARD),
    )  # fmt: skip
    assert chosen.decided_on == decision.decided_on
    assert [(o.route, o.preferred) for o in chosen.options.order_by("route")] == [
        (Route.DIRECT_AWARD, False), (Route.GRANT, False), (Route.TENDER, True)
    ]  # fmt: skip
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "intention.route_decided" and decision.reference in entry.data


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"options": f.options(Route.TENDER)}, "options"),
        ({"options": f.options(Route.TENDER, Route.TENDER)}, "options"),
        ({"options": [services.OptionIn(Route.TENDER, "Open.", ""),
                      services.OptionIn(Route.GRANT, "Simple.", "Siloed.")]}, "options"),
        ({"route": Route.IN_HOUSE}, "route"),
        ({"route": "lottery"}, "route"),
        ({"rationale": ""}, "rationale"),
        ({"decision": None}, "decision"),
    ],
)  # fmt: skip
def test_a_route_decision_is_refused_when_the_appraisal_does_not_hold(changes, field):
    call = {
        "intention": f.intention(), "route": Route.TENDER, "rationale": "Fair.",
        "decision": f.decision(), "options": f.options(Route.TENDER, Route.GRANT), **changes,
    }  # fmt: skip
    _refused(lambda: services.record_route_decision(**call), field)
    assert not RouteDecision.objects.exists()


# Specifications ---------------------------------------------------------------------------------


def test_a_new_version_copies_the_last_and_keeps_it():
    first_kpi, second_kpi = f.kpi_indicator(), f.kpi_indicator()
    spec = f.specification(kpis=[(first_kpi, 90.0)])
    version = services.add_specification_version(
        specification=spec, change_note="Adds a KPI.",
        kpis=[services.KpiIn(first_kpi, 90.0), services.KpiIn(second_kpi, 95.0, 105.0)],
    )  # fmt: skip
    assert version.version == 2
    assert version.service_description == "Care at home."  # copied
    assert [o.text for o in version.outcomes.all()] == ["Islanders live at home for longer."]
    assert [(k.indicator_id, k.target_label) for k in version.kpis.order_by("position")] == [
        (first_kpi.pk, "90"), (second_kpi.pk, "95 to 105")
    ]  # fmt: skip
    old = spec.versions.get(version=1)
    assert [k.indicator_id for k in old.kpis.all()] == [first_kpi.pk]
    assert AuditEntry.objects.filter(action="specification.versioned").count() == 1


@pytest.mark.parametrize(
    "kpis, message",
    [
        ([], "at least one KPI"),
        ([("same", 90.0, None), ("same", 80.0, None)], "twice"),
        ([("one", None, None)], "Set the target"),
        ([("one", 90.0, 80.0)], "upper end"),
    ],
)
def test_kpis_are_refused_when_they_cannot_be_right(kpis, message):
    spec = f.specification()
    indicator = f.kpi_indicator()
    given = [services.KpiIn(indicator, target, upper) for _, target, upper in kpis]
    refusal = _refused(
        lambda: services.add_specification_version(specification=spec, change_note="x",
                                                   kpis=given),
        "kpis",
    )  # fmt: skip
    assert message in refusal
    assert SpecificationVersion.objects.filter(specification=spec).count() == 1
    assert Kpi.objects.count() == 1


def test_a_version_cannot_start_before_the_last_nor_go_without_a_change_note():
    spec = f.specification()
    _refused(lambda: services.add_specification_version(specification=spec, change_note=""),
             "change_note")  # fmt: skip
    _refused(
        lambda: services.add_specification_version(
            specification=spec, change_note="Earlier.", effective_from=date(2020, 1, 1)
        ),
        "effective_from",
    )
    assert spec.versions.count() == 1


def test_a_specification_needs_outcomes_and_kpis():
    area = f.service_area()
    call = {
        "title": "Spec", "service_area": area, "service_description": "Care.",
        "outcomes": ["Live well."], "kpis": [services.KpiIn(f.kpi_indicator(), 1.0)],
    }  # fmt: skip
    _refused(lambda: services.create_specification(**{**call, "outcomes": [" "]}), "outcomes")
    _refused(lambda: services.create_specification(**{**call, "kpis": []}), "kpis")
    assert not Specification.objects.exists()
