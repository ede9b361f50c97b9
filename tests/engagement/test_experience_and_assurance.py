"""Patient and carer stories (consent, no markup, published by an officer), the service user
advisory council's assurance of projects with its history, and the self-assessment scored by
domain and compared over rounds."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from joinedup.core.choices import Visibility
from joinedup.engagement import queries, services
from joinedup.engagement.choices import STATEMENTS, AssuranceLevel
from joinedup.engagement.models import AssessmentScore, Assurance, Story
from joinedup.governance.choices import BodyKind, DecisionPower
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db

STORY = {"title": "Coming home", "story": "Nobody told us who would visit.", "service": "",
         "consent": "on"}  # fmt: skip


def test_the_public_shares_a_story_that_waits_for_an_officer(anonymous, pmo):
    response = anonymous.client.post("/experience/share/", STORY)
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.source == "public" and story.published_at is None and story.consent_given
    assert "Coming home" not in anonymous.client.get("/experience/").content.decode()
    assert "Awaiting publication" in pmo.client.get("/experience/").content.decode()
    pmo.client.post("/experience/", {"story": str(story.pk)})
    assert "Coming home" in anonymous.client.get("/experience/").content.decode()


def test_a_story_without_consent_is_refused_and_not_stored(anonymous):
    page = anonymous.client.post("/experience/share/", {**STORY, "consent": ""})
    assert 'id="id_consent-error"' in page.content.decode()
    assert not Story.objects.exists()


@pytest.mark.parametrize("field, value, message", [
    ("story", "<script>alert(1)</script>", "Remove the HTML"),
    ("story", "y" * 2001, "2,000 characters or fewer"),
    ("title", "<b>bold</b>", "Remove the HTML"),
])  # fmt: skip
def test_scripted_or_oversized_story_is_refused(anonymous, field, value, message):
    page = anonymous.client.post("/experience/share/", {**STORY, field: value}).content.decode()
    assert message in page
    assert not Story.objects.exists()


def test_a_member_cannot_publish_a_story(member_a):
    story = services.record_story(title="T", story="S", consent=True)
    assert member_a.client.post("/experience/", {"story": str(story.pk)}).status_code == 404
    story.refresh_from_db()
    assert story.published_at is None


@pytest.fixture
def suac(member_a):
    body = gov.body("Service User Advisory Council", power=DecisionPower.ASSURES,
                    kind=BodyKind.ADVISORY_GROUP, short_name="SUAC")  # fmt: skip
    gov.seat(body, member_a.person)
    return body


@pytest.fixture
def project(partner_a):
    return prog.project(prog.workstream(prog.programme()), partner_a, name="Carer Strategy")


def test_a_council_member_records_assurance_and_the_history_is_kept(member_a, suac, project):
    url = f"/assurance/{project.slug}/"
    for level in (AssuranceLevel.PARTLY, AssuranceLevel.SUFFICIENT):
        response = member_a.client.post(url, {"body": str(suac.pk), "level": level,
                                              "evidence": "Two focus groups.",
                                              "reasons": f"Now {level}."})  # fmt: skip
        assert response.status_code == 302
    assert Assurance.objects.filter(project=project).count() == 2
    latest = queries.latest_assurance([project.pk])[project.pk]
    assert latest.level == AssuranceLevel.SUFFICIENT
    page = member_a.client.get(url).content.decode()
    assert "Now partly." in page and "Now sufficient." in page


def test_someone_not_on_the_council_cannot_record_assurance(member_b, suac, project):
    url = f"/assurance/{project.slug}/"
    assert "Record the council" not in member_b.client.get(url).content.decode()
    data = {"body": str(suac.pk), "level": "sufficient", "evidence": "E", "reasons": "R"}
    assert member_b.client.post(url, data).status_code == 404
    assert not Assurance.objects.exists()


def test_assurance_needs_evidence_and_reasons(member_a, suac, project):
    page = member_a.client.post(f"/assurance/{project.slug}/", {"body": str(suac.pk)})
    text = page.content.decode()
    assert "Select whether engagement was sufficient" in text
    assert 'id="id_evidence-error"' in text
    assert not Assurance.objects.exists()


def test_only_a_body_that_assures_can_record_assurance(project):
    board = gov.body("Delivery Board", power=DecisionPower.DECIDES)
    with pytest.raises(services.ValidationError, match="gives assurance"):
        services.record_assurance(project=project, body=board, level="sufficient",
                                  evidence="E", reasons="R")  # fmt: skip


def test_a_hidden_projects_assurance_is_a_404(anonymous, partner_a):
    hidden = prog.project(prog.workstream(prog.programme()), partner_a, name="Hidden",
                          visibility=Visibility.PARTNERSHIP)  # fmt: skip
    assert anonymous.client.get(f"/assurance/{hidden.slug}/").status_code == 404
    assert "Hidden" not in anonymous.client.get("/assurance/").content.decode()


@pytest.fixture
def rounds(member_a, member_b):
    board = gov.body("Partnership Board")
    oversight = gov.body("Independent Oversight Board", short_name="IOB",
                         kind=BodyKind.INDEPENDENT_OVERSIGHT)  # fmt: skip
    gov.seat(board, member_a.person)
    today = timezone.localdate()
    first = services.open_round(
        name="Round 2021", body=board, reported_to=oversight, opens_on=date(2021, 10, 1),
        closes_on=date(2021, 10, 31),
    )  # fmt: skip
    second = services.open_round(name="Round now", body=board, reported_to=oversight,
                                 opens_on=today - timedelta(days=1),
                                 closes_on=today + timedelta(days=9))  # fmt: skip
    return first, second


def _all(score: int) -> dict:
    return {f"s_{code}": str(score) for code, _d, _s in STATEMENTS}


def test_members_answer_and_scores_are_compared_by_domain_over_rounds(member_a, rounds):
    first, second = rounds
    services.record_self_assessment(
        assessment_round=first, person=member_a.person, check_open=False,
        scores={code: 2 for code, _d, _s in STATEMENTS},
    )  # fmt: skip
    response = member_a.client.post(f"/self-assessment/{second.pk}/answer/", _all(4))
    assert response.status_code == 302
    table, respondents = queries.domain_scores([first, second])
    relationships = next(row for row in table if row.domain == "relationships")
    assert relationships.scores == [2.0, 4.0] and relationships.change == 2.0
    assert respondents == {first.pk: 1, second.pk: 1}
    page = member_a.client.get("/self-assessment/").content.decode()
    assert "+2.00" in page and "Independent Oversight Board" in page


def test_every_statement_must_be_scored(member_a, rounds):
    _first, second = rounds
    data = _all(3)
    data.pop(f"s_{STATEMENTS[0][0]}")
    page = member_a.client.post(f"/self-assessment/{second.pk}/answer/", data).content.decode()
    assert "Select a score from 1 to 5" in page
    assert not AssessmentScore.objects.exists()


def test_a_non_member_cannot_answer_and_the_public_cannot_see_the_report(
    member_b, anonymous, rounds
):
    _first, second = rounds
    assert member_b.client.get(f"/self-assessment/{second.pk}/answer/").status_code == 404
    assert member_b.client.post(f"/self-assessment/{second.pk}/answer/", _all(3)).status_code == 404
    assert anonymous.client.get("/self-assessment/").status_code == 404
    assert not AssessmentScore.objects.exists()


def test_an_officer_reports_a_round_to_the_oversight_board(pmo, member_a, rounds):
    first, _second = rounds
    services.record_self_assessment(
        assessment_round=first, person=member_a.person, check_open=False,
        scores={code: 3 for code, _d, _s in STATEMENTS},
    )  # fmt: skip
    pmo.client.post("/self-assessment/", {"round": str(first.pk)})
    first.refresh_from_db()
    assert first.reported_at is not None


def test_an_officer_records_a_story_linked_to_a_project_and_a_theme(pmo, project, anonymous):
    theme = services.create_theme(name="Joined-up care at home")
    data = {**STORY, "projects": [str(project.pk)], "themes": [str(theme.pk)], "publish": "on"}
    assert pmo.client.post("/experience/share/", data).status_code == 302
    story = Story.objects.get()
    assert story.source == "staff" and list(story.projects.all()) == [project]
    assert list(story.themes.all()) == [theme]
    page = anonymous.client.get("/experience/").content.decode()
    assert "Joined-up care at home" in page and "Carer Strategy" in page
