"""Answering a consultation through its page: anonymous and identified responses, drafts saved
and resumed, and every refusal of the issue's "bad input and integrity" list, each of which
stores nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from joinedup.engagement import services
from joinedup.engagement.choices import Audience, ResponseStatus
from joinedup.engagement.models import Answer, Consultation, Response
from tests.engagement import factories as eng

pytestmark = pytest.mark.django_db


def _post(client, consultation, data):
    return client.post(consultation.get_absolute_url(), data)


def test_a_member_of_the_public_answers_anonymously(anonymous):
    consultation = eng.consultation()
    response = _post(anonymous.client, consultation, eng.form_data(consultation))
    assert response.status_code == 302
    assert response.url.endswith("/thank-you/")
    stored = Response.objects.get(consultation=consultation)
    assert stored.status == ResponseStatus.SUBMITTED
    assert stored.person is None and len(stored.token_digest) == 64
    assert stored.answers.count() == 5
    page = anonymous.client.get(consultation.get_absolute_url())
    assert "You have answered this consultation" in page.content.decode()


def test_an_anonymous_draft_is_saved_and_resumed_in_the_same_session(anonymous):
    consultation = eng.consultation()
    q = eng.questions(consultation)
    draft = {f"q_{q['text'].pk}": "Half-way through my thoughts", "action": "save"}
    response = _post(anonymous.client, consultation, draft)
    assert response.status_code == 302 and "saved=1" in response.url
    assert Response.objects.get().status == ResponseStatus.DRAFT
    page = anonymous.client.get(response.url).content.decode()
    assert "Your answers are saved" in page
    assert "Half-way through my thoughts" in page
    _post(anonymous.client, consultation, eng.form_data(consultation))
    assert Response.objects.get().status == ResponseStatus.SUBMITTED
    assert Response.objects.count() == 1


def test_a_second_anonymous_response_from_the_same_session_is_refused(anonymous):
    consultation = eng.consultation()
    _post(anonymous.client, consultation, eng.form_data(consultation))
    page = _post(anonymous.client, consultation, eng.form_data(consultation, text="Again"))
    assert page.status_code == 200
    assert "You have already answered this consultation" in page.content.decode()
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(text="Again").exists()


def test_an_identified_consultation_asks_the_public_to_sign_in(anonymous):
    consultation = eng.consultation(identified=True)
    page = anonymous.client.get(consultation.get_absolute_url()).content.decode()
    assert "sign in</a> to answer it" in page
    response = _post(anonymous.client, consultation, eng.form_data(consultation))
    assert "Sign in to answer this consultation" in response.content.decode()
    assert not Response.objects.exists()


def test_a_second_response_by_the_same_identified_person_is_refused(member_a):
    consultation = eng.consultation(identified=True)
    _post(member_a.client, consultation, eng.form_data(consultation))
    assert Response.objects.get().person == member_a.person
    again = Client()
    again.force_login(member_a.person.user)
    page = _post(again, consultation, eng.form_data(consultation, text="Second"))
    assert "You have already answered this consultation" in page.content.decode()
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(text="Second").exists()


def test_the_service_refuses_a_second_identified_response_too(member_a):
    consultation = eng.consultation(identified=True)
    eng.respond(consultation, person=member_a.person)
    with pytest.raises(services.ValidationError, match="already answered"):
        eng.respond(consultation, person=member_a.person)


def test_a_response_after_the_close_date_is_refused(anonymous):
    consultation = eng.consultation()
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    page = _post(anonymous.client, consultation, eng.form_data(consultation))
    assert page.status_code == 200
    assert "no more responses can be taken" in page.content.decode()
    assert not Response.objects.exists()


def test_a_draft_cannot_be_submitted_after_the_close_date(anonymous):
    consultation = eng.consultation()
    _post(anonymous.client, consultation, {"action": "save"})
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    _post(anonymous.client, consultation, eng.form_data(consultation))
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_a_required_question_left_blank_is_refused_beside_the_field(anonymous):
    consultation = eng.consultation()
    q = eng.questions(consultation)
    data = eng.form_data(consultation, **{f"q_{q['single'].pk}": ""})
    page = _post(anonymous.client, consultation, data).content.decode()
    assert 'id="id_q_{}-error"'.format(q["single"].pk) in page
    assert "Select an answer to this question: it is required" in page
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_a_blank_form_is_refused_with_every_required_question_named(anonymous):
    consultation = eng.consultation()
    page = _post(anonymous.client, consultation, {}).content.decode()
    assert page.count("it is required</a>") == 2
    assert not Response.objects.exists()


def test_oversized_text_is_refused_and_nothing_stored(anonymous):
    consultation = eng.consultation()
    page = _post(anonymous.client, consultation, eng.form_data(consultation, text="x" * 2001))
    assert "Keep your answer to 2,000 characters or fewer (it has 2,001)" in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "see javascript:alert(1)",
        "<a href='http://example.com'>here</a>",
    ],
)
def test_scripted_text_is_refused_and_nothing_stored(anonymous, text):
    consultation = eng.consultation()
    page = _post(anonymous.client, consultation, eng.form_data(consultation, text=text))
    assert "Remove the HTML, scripts" in page.content.decode()
    assert not Response.objects.exists()


def test_plain_text_with_angle_brackets_is_kept_and_shown_escaped(anonymous, pmo):
    consultation = eng.consultation()
    _post(
        anonymous.client, consultation, eng.form_data(consultation, text="Waits < 2 weeks & more")
    )
    question = eng.questions(consultation)["text"]
    page = pmo.client.get(
        f"/consultations/{consultation.slug}/results/questions/{question.pk}/"
    ).content.decode()
    assert "Waits &lt; 2 weeks &amp; more" in page


def test_a_ranking_must_use_each_number_once(anonymous):
    consultation = eng.consultation()
    q = eng.questions(consultation)
    first, second = q["ranking"].options.all()
    data = eng.form_data(
        consultation,
        **{f"q_{q['ranking'].pk}_{first.pk}": "1", f"q_{q['ranking'].pk}_{second.pk}": "1"},
    )
    page = _post(anonymous.client, consultation, data).content.decode()
    assert "Use each number from 1 to 2 once" in page
    assert f'id="id_q_{q["ranking"].pk}_{first.pk}-error"' in page
    assert not Response.objects.exists()


def test_a_scale_answer_outside_the_scale_is_refused():
    consultation = eng.consultation()
    values = eng.values(consultation)
    values[eng.questions(consultation)["scale"].pk] = 9
    with pytest.raises(services.ValidationError, match="from 1 to 5"):
        services.save_response(consultation=consultation, values=values, submit=True, token="t")
    assert not Response.objects.exists()


def test_a_consultation_not_yet_open_takes_no_answers(anonymous):
    consultation = eng.consultation(opens_in_days=2)
    page = _post(anonymous.client, consultation, eng.form_data(consultation))
    assert "not open yet" in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "member of partner A"])
def test_a_draft_consultation_is_a_404_by_its_guessed_address(personas, who):
    consultation = eng.consultation(published=False)
    client = personas[who].client
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert client.post(consultation.get_absolute_url(), {}).status_code == 404
    assert client.get(f"/consultations/{consultation.slug}/results/").status_code == 404


def test_a_partners_consultation_is_a_404_for_the_public(anonymous, member_a):
    consultation = eng.consultation(audience=Audience.PARTNERS)
    assert anonymous.client.get(consultation.get_absolute_url()).status_code == 404
    assert member_a.client.get(consultation.get_absolute_url()).status_code == 200


def test_a_body_members_consultation_is_seen_only_by_its_members(member_a, member_b):
    from tests.governance import factories as gov

    body = gov.body("Service User Advisory Council")
    gov.seat(body, member_a.person)
    consultation = eng.consultation(audience=Audience.BODY, body=body)
    assert member_a.client.get(consultation.get_absolute_url()).status_code == 200
    assert member_b.client.get(consultation.get_absolute_url()).status_code == 404
    assert member_b.client.post(consultation.get_absolute_url(), {}).status_code == 404
    assert not Response.objects.exists()


def test_the_consultation_list_shows_open_and_hides_drafts(anonymous, pmo):
    eng.consultation(title="Open one")
    eng.consultation(title="Draft one", published=False)
    public = anonymous.client.get("/consultations/").content.decode()
    assert "Open one" in public and "Draft one" not in public
    assert "Draft one" in pmo.client.get("/consultations/").content.decode()


def test_the_atom_feed_lists_open_public_consultations_only(anonymous):
    eng.consultation(title="Open to all")
    eng.consultation(title="Closed already", opens_in_days=-9, closes_in_days=-1)
    eng.consultation(title="Partners only", audience=Audience.PARTNERS)
    feed = anonymous.client.get("/consultations/feed.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Open to all" in body
    assert "Closed already" not in body and "Partners only" not in body
