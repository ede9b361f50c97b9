"""Two people open the same edit page and both save: the first's change is kept, the second is
told that someone else changed the record since they opened it and shown their version, and
nothing of the second is saved. Their own input stays in the form, to save again knowingly."""

import html
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from joinedup.commissioning.choices import CommissioningModel
from joinedup.commissioning.models import ContractingProcess, ServiceArea, SpecificationVersion
from joinedup.core.choices import StaffRole
from joinedup.governance import services as governance
from joinedup.governance.choices import AttendanceStatus, MeetingStatus
from joinedup.governance.models import Minutes
from joinedup.outcomes import services as outcomes
from joinedup.outcomes.models import RatingScheme
from joinedup.programme import services as programme
from joinedup.programme.choices import Dimension, ProjectRole, ProjectStatus
from joinedup.programme.models import MonthlyReturn, Risk
from tests import factories
from tests.commissioning import plans_factories as plans
from tests.commissioning import procurement_factories as procurement
from tests.conftest import _signed_in
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db

CONFLICT = "Someone else changed"


def version_on(page) -> str:
    """The version of the record that an edit page was drawn from (its hidden field)."""
    found = re.search(r'name="based_on" value="([0-9a-f]+|new)"', page.content.decode())
    assert found, "the edit form carries the record's version"
    return found.group(1)


def open_and_save(client, url: str, data: dict):
    """Open the edit page, then return a function that saves `data` from it."""
    version = version_on(client.get(url))
    return lambda: client.post(url, {**data, "based_on": version})


def test_two_people_rescoring_a_risk_keep_the_first_score_and_tell_the_second():
    partner = factories.organisation("Partner A Care")
    owner = factories.person("risk_owner", organisation=partner)
    pmo = factories.person("pmo_officer", organisation=partner, roles=[StaffRole.PMO])
    risk = prog.risk(prog.programme(), owner, [partner])
    url = f"/risks/{risk.reference}/"
    review = {"review_on": date(2030, 6, 1).isoformat()}
    owner_saves = open_and_save(_signed_in(owner), url, {
        "likelihood": 4, "consequence": 4, "note": "Supplier withdrew.", **review})  # fmt: skip
    pmo_saves = open_and_save(_signed_in(pmo), url, {
        "likelihood": 1, "consequence": 2, "note": "Looks fine to me.", **review})  # fmt: skip

    assert owner_saves().status_code == 302
    second = pmo_saves()

    assert second.status_code == 400
    page = second.content.decode()
    assert f"{CONFLICT} risk {risk.reference} since you opened it; here is their version" in page
    assert "Their version, saved since you opened the page" in page
    assert re.search(r"Likelihood</dt>\s*<dd[^>]*>4</dd>", page), "their score is shown"
    assert "Looks fine to me." in page, "the second person's input is still in the form"
    risk = Risk.objects.get(pk=risk.pk)
    assert (risk.current_likelihood, risk.current_consequence) == (4, 4)
    notes = risk.assessments.order_by("at").values_list("note", flat=True)
    assert list(notes) == ["Recorded.", "Supplier withdrew."]
    assert version_on(second) == version_on(_signed_in(pmo).get(url)), (
        "the form moves on to their version, so saving again is a knowing choice"
    )


def _held_meeting():
    body = gov.body("Strategic Partnership Board", quorum=1)
    chair = factories.person("chair", organisation=factories.organisation())
    gov.seat(body, chair)
    meeting = gov.meeting(body)
    governance.record_attendance(meeting=meeting, person=chair, status=AttendanceStatus.PRESENT)
    return governance.move_meeting(meeting=meeting, to=MeetingStatus.HELD)


def test_two_secretaries_editing_the_minutes_keep_the_first_edit_and_tell_the_second():
    meeting = _held_meeting()
    governance.draft_minutes(meeting=meeting, text="Present: the chair.")
    office = factories.organisation("Board Office")
    first, second = (
        _signed_in(factories.person(name, organisation=office, roles=[StaffRole.SECRETARY]))
        for name in ("secretary_one", "secretary_two")
    )
    page = f"/meetings/{meeting.id}/manage/"
    assert "Present: the chair." in first.get(page).content.decode(), "the form shows the draft"
    versions = [version_on(client.get(page)) for client in (first, second)]
    save = f"/meetings/{meeting.id}/minutes/"

    saved = first.post(save, {"text": "Present: the chair. Apologies: none.",
                              "based_on": versions[0]})  # fmt: skip
    refused = second.post(save, {"text": "Present: the chair and the vice-chair.",
                                 "based_on": versions[1]})  # fmt: skip

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert f"{CONFLICT} the minutes of this meeting since you opened it" in (
        refused.content.decode()
    )
    assert Minutes.objects.get(meeting=meeting).text == "Present: the chair. Apologies: none."


def test_two_secretaries_writing_the_first_minutes_at_once_keep_the_first():
    meeting = _held_meeting()
    secretary = factories.person(organisation=factories.organisation(), roles=[StaffRole.SECRETARY])
    client = _signed_in(secretary)
    page, save = f"/meetings/{meeting.id}/manage/", f"/meetings/{meeting.id}/minutes/"
    version = version_on(client.get(page))
    assert version == "new"

    client.post(save, {"text": "The first draft.", "based_on": version})
    refused = client.post(save, {"text": "Another first draft.", "based_on": version})

    assert refused.status_code == 400 and CONFLICT in refused.content.decode()
    assert Minutes.objects.get(meeting=meeting).text == "The first draft."


def test_two_commissioners_adding_a_version_of_a_specification_keep_the_first():
    plans.kpi_indicator("HC-A")
    spec = plans.specification(kpis=[(plans.kpi_indicator("HC-B"), 90.0)])
    first, second = (
        _signed_in(plans_commissioner(name)) for name in ("commissioner_one", "commissioner_two")
    )
    url = f"/commissioning/specifications/{spec.slug}/versions/new/"
    form = {"service_description": "Care at home.", "outcomes": "Islanders live at home.",
            "kpi_1_indicator": "HC-B", "kpi_1_target": "90"}  # fmt: skip
    first_saves = open_and_save(
        first,
        url,
        {
            **form,
            "change_note": "Adds night visits.",
            "service_description": "Care at home, day and night.",
        },
    )
    second_saves = open_and_save(
        second,
        url,
        {**form, "change_note": "Adds HC-A.", "kpi_2_indicator": "HC-A", "kpi_2_target": "80"},
    )

    assert first_saves().status_code == 302
    refused = second_saves()

    assert refused.status_code == 400
    page = refused.content.decode()
    assert f"{CONFLICT} the specification {spec} since you opened it" in page
    assert "Care at home, day and night." in page, "their version is shown"
    latest = SpecificationVersion.objects.filter(specification=spec).latest("version")
    assert (latest.version, latest.change_note) == (2, "Adds night visits.")


def plans_commissioner(username):
    return factories.person(
        username, organisation=factories.organisation(), roles=[StaffRole.COMMISSIONER]
    )


def test_two_analysts_changing_a_rating_scheme_keep_the_first_change():
    segmentation, _ = outcomes.ensure_rating_presets()
    url = f"/rating-schemes/{segmentation.slug}/edit/"
    first, second = (
        _signed_in(factories.person(name, roles=[StaffRole.ANALYST]))
        for name in ("analyst_one", "analyst_two")
    )
    drawn = [
        {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
        for client in (first, second)
    ]

    saved = first.post(url, {**drawn[0], "edges": "1.25, 2.5, 3.75"})
    refused = second.post(url, {**drawn[1], "description": "Our own wording."})

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert f"{CONFLICT} the rating scheme 'Segmentation' since you opened it" in (
        html.unescape(refused.content.decode())
    )
    segmentation = RatingScheme.objects.get(pk=segmentation.pk)
    assert segmentation.edges == [1.25, 2.5, 3.75]
    assert segmentation.description != "Our own wording."


RETURN = {
    "confidence": "amber", "confidence_narrative": "Recruitment is behind plan.",
    "progress": "Two of three objectives on track.", "resources_used": "Four nurses.",
    **{f"{d}_deviation": "0" for d in Dimension}, "save": "1",
}  # fmt: skip


def test_a_return_drafted_in_two_tabs_at_once_keeps_the_first_draft():
    """A project has one project manager, who may still have the return open twice: on the
    laptop and the phone, or in two tabs."""
    partner = factories.organisation("Partner A Care")
    project = prog.project(prog.workstream(prog.programme()), partner)
    for status in (ProjectStatus.INITIATION, ProjectStatus.DELIVERY):
        programme.move_project(project=project, to=status)
    manager = factories.person(organisation=partner)
    programme.assign_project_role(project=project, role=ProjectRole.PROJECT_MANAGER, person=manager)
    programme.issue_return_round(
        programme=project.workstream.programme, month=date(2021, 6, 1), due_on=date(2021, 7, 10)
    )
    url = f"/projects/{project.slug}/returns/2021-06/"
    first_saves, second_saves = (
        open_and_save(_signed_in(manager), url, {**RETURN, "progress": progress})
        for progress in ("All on track.", "One objective slipped.")
    )

    assert first_saves().status_code == 302
    refused = second_saves()

    assert refused.status_code == 400
    assert f"{CONFLICT} the June 2021 return since you opened it" in refused.content.decode()
    assert MonthlyReturn.objects.get().progress == "All on track."


def test_two_commissioners_moving_a_tender_deadline_keep_the_first_move():
    process = procurement.notice(by=procurement.commissioner())
    first, second = (_signed_in(plans_commissioner(name)) for name in ("chris", "sam"))
    page, save = f"/tenders/{process.slug}/manage/", f"/tenders/{process.slug}/timetable/"
    versions = [version_on(client.get(page)) for client in (first, second)]
    later = {
        name: timezone.localtime(process.submission_deadline + timedelta(days=days))
        for name, days in (("first", 7), ("second", 14))
    }

    saved = first.post(
        save,
        {
            "submission_deadline": later["first"].strftime("%Y-%m-%dT%H:%M"),
            "reason": "A question needs answering.",
            "based_on": versions[0],
        },
    )
    refused = second.post(
        save,
        {
            "submission_deadline": later["second"].strftime("%Y-%m-%dT%H:%M"),
            "reason": "Bidders asked for time.",
            "based_on": versions[1],
        },
    )

    assert saved.status_code == 302
    assert refused.status_code == 400
    assert f"{CONFLICT} this notice since you opened it" in refused.content.decode()
    moved = ContractingProcess.objects.get(pk=process.pk).submission_deadline
    assert timezone.localtime(moved).date() == later["first"].date()


def test_two_commissioners_changing_a_service_areas_model_keep_the_first_change():
    area = plans.service_area("Home care")
    first, second = (_signed_in(plans_commissioner(name)) for name in ("chris", "sam"))
    url = f"/commissioning/service-areas/{area.slug}/model/"
    first_saves = open_and_save(first, url, {
        "to_model": CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
        "changed_on": "2024-04-01", "reason": "Co-produced outcomes."})  # fmt: skip
    second_saves = open_and_save(second, url, {
        "to_model": CommissioningModel.MATURE_INTEGRATED_PARTNERSHIP,
        "changed_on": "2024-04-01", "reason": "One accountable provider."})  # fmt: skip

    assert first_saves().status_code == 302
    refused = second_saves()

    assert refused.status_code == 400
    assert f"{CONFLICT} the service area {area} since you opened it" in refused.content.decode()
    assert ServiceArea.objects.get(pk=area.pk).model == (
        CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP
    )
