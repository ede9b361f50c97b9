"""An officer writes a consultation in the browser: its audience, dates and questions, one a
line; it is a draft until published. Each problem is named beside its field, by line for the
questions, and nothing is saved."""

import pytest

from joinedup.core.choices import StaffRole
from joinedup.engagement.models import Consultation
from tests import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
QUESTIONS = (
    "single | required | Which body should make the decision? | The Board; The Minister\n"
    "text | optional | Anything else?\n"
    "scale | required | How clear is the framework?"
)


@pytest.fixture
def officer(client):
    person = factories.person("officer", roles=[StaffRole.SECRETARY])
    client.force_login(person.user, backend=BACKEND)
    return client


def form(**changes) -> dict:
    return {
        "title": "Have your say on the care model",
        "summary": "How should the partnership decide?",
        "audience": "public",
        "opens_at": "2026-12-01T09:00",
        "closes_at": "2027-01-31T17:00",
        "questions": QUESTIONS,
        **changes,
    }


def test_an_officer_writes_a_draft_then_publishes_it(officer, client):
    response = officer.post("/consultations/new/", form())
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert (consultation.slug, consultation.published_at) == (
        "have-your-say-on-the-care-model",
        None,
    )
    questions = list(consultation.questions.order_by("position"))
    assert [(q.kind, q.required) for q in questions] == [
        ("single", True), ("text", False), ("scale", True)
    ]  # fmt: skip
    assert [o.label for o in questions[0].options.order_by("position")] == [
        "The Board", "The Minister"
    ]  # fmt: skip
    officer.post(f"/consultations/{consultation.slug}/publish/")
    consultation.refresh_from_db()
    assert consultation.published_at is not None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"questions": "single | required | Which one? | Only one"},
            "questions",
            "Line 1: a choice or ranking needs at least two options",
        ),  # fmt: skip
        (
            {"questions": "text | optional | Fine\nvote | required | What?"},
            "questions",
            "Line 2: 'vote' is not a kind of question",
        ),  # fmt: skip
        ({"closes_at": "2026-11-01T09:00"}, "closes_at", "must be after the opening date"),
        ({"audience": "body"}, "body", "Select the body whose members are consulted"),
        ({"title": ""}, "title", "Give the consultation a title"),
    ],
)
def test_a_bad_consultation_is_named_beside_its_field_and_nothing_is_saved(
    officer, changes, field, message
):
    response = officer.post("/consultations/new/", form(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Consultation.objects.exists()


def test_someone_who_is_not_an_officer_finds_no_such_page(client):
    person = factories.person("partner", organisation=factories.organisation())
    client.force_login(person.user, backend=BACKEND)
    assert client.post("/consultations/new/", form()).status_code == 404
    assert not Consultation.objects.exists()
