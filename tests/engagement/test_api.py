"""The engagement API: consultations, published results and assurance statuses, found through
the same access functions as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.engagement import services
from joinedup.engagement.models import Consultation
from joinedup.governance.choices import BodyKind, DecisionPower
from tests.engagement import factories as eng
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db


def test_the_list_shows_what_the_caller_may_see(anonymous, pmo):
    eng.consultation(title="Public one")
    eng.consultation(title="Draft one", published=False)
    public = anonymous.client.get("/api/v1/consultations").json()
    assert [c["title"] for c in public["items"]] == ["Public one"]
    assert public["count"] == 1
    assert pmo.client.get("/api/v1/consultations").json()["count"] == 2


def test_a_consultation_comes_with_its_questions(anonymous):
    consultation = eng.consultation()
    body = anonymous.client.get(f"/api/v1/consultations/{consultation.slug}").json()
    assert body["is_open"] is True
    assert [q["kind"] for q in body["questions"]] == [
        "single", "scale", "text", "multiple", "ranking"
    ]  # fmt: skip
    assert body["questions"][0]["options"] == ["Yes", "Partly", "No"]
    assert body["questions"][1]["scale_max"] == 5


def test_unpublished_results_are_a_404_with_a_message(anonymous):
    consultation = eng.consultation()
    response = anonymous.client.get(f"/api/v1/consultations/{consultation.slug}/results")
    assert response.status_code == 404
    assert "not published" in response.json()["message"]


def test_published_results_give_counts_per_option(anonymous):
    consultation = eng.consultation()
    eng.respond(consultation, token="a")
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    consultation.refresh_from_db()
    services.publish_results(consultation=consultation, summary="Summary")
    body = anonymous.client.get(f"/api/v1/consultations/{consultation.slug}/results").json()
    assert body["responses"] == 1 and body["summary"] == "Summary"
    assert body["questions"][0]["options"][0] == {
        "label": "Yes", "count": 1, "share": 100, "mean_rank": None
    }  # fmt: skip
    assert body["questions"][1]["mean"] == 4.0


def test_assurance_statuses_list_every_visible_project(anonymous, partner_a):
    workstream = prog.workstream(prog.programme())
    assured = prog.project(workstream, partner_a, name="Assured")
    prog.project(workstream, partner_a, name="Not assured")
    council = gov.body("Council", power=DecisionPower.ASSURES, kind=BodyKind.ADVISORY_GROUP)
    services.record_assurance(project=assured, body=council, level="partly", evidence="E",
                              reasons="Carers not heard yet.")  # fmt: skip
    items = anonymous.client.get("/api/v1/assurance").json()["items"]
    by_name = {item["project_name"]: item for item in items}
    assert by_name["Assured"]["level"] == "partly"
    assert by_name["Assured"]["reasons"] == "Carers not heard yet."
    assert by_name["Not assured"]["level"] == "none"


def _answers(override=None):
    answers = {1: "Yes", 2: 4, 3: "From the API.", 4: ["Advisory Council"],
               5: {"First": 2, "Second": 1}}  # fmt: skip
    answers.update(override or {})
    return {"answers": [{"question": k, "value": v} for k, v in answers.items() if v is not None]}


def _post(client, consultation, body):
    return client.post(f"/api/v1/consultations/{consultation.slug}/responses", body,
                       content_type="application/json")  # fmt: skip


def test_a_signed_in_person_answers_an_identified_consultation_once(member_a):
    from joinedup.engagement.models import Response

    consultation = eng.consultation(identified=True)
    response = _post(member_a.client, consultation, _answers())
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted" and response.json()["answers"] == 5
    assert Response.objects.get().person == member_a.person
    again = _post(member_a.client, consultation, _answers())
    assert again.status_code == 422
    assert again.json()["message"] == "You have already answered this consultation"


@pytest.mark.parametrize("override, message", [
    ({1: None}, "it is required"),
    ({1: "Maybe"}, "Question 1 has no option 'Maybe'"),
    ({3: "<script>x</script>"}, "Remove the HTML"),
    ({3: "x" * 2001}, "2,000 characters or fewer"),
    ({2: 7}, "from 1 to 5"),
])  # fmt: skip
def test_bad_answers_through_the_api_are_refused_and_nothing_stored(member_a, override, message):
    from joinedup.engagement.models import Response

    consultation = eng.consultation(identified=True)
    response = _post(member_a.client, consultation, _answers(override))
    assert response.status_code == 422
    assert message in response.json()["message"]
    assert not Response.objects.exists()


def test_the_api_takes_no_answers_from_the_anonymous_or_for_hidden_consultations(
    anonymous, member_a
):
    consultation = eng.consultation(identified=True)
    assert _post(anonymous.client, consultation, _answers()).status_code == 401
    draft = eng.consultation(identified=True, published=False)
    assert _post(member_a.client, draft, _answers()).status_code == 404
    closed = eng.consultation(identified=True, opens_in_days=-5, closes_in_days=-1)
    refused = _post(member_a.client, closed, _answers())
    assert refused.status_code == 422 and "no more responses" in refused.json()["message"]
