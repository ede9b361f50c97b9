"""Results: counts per question, free-text answers themed by an officer, "you said, we did",
exports without identities, publication, and a bounded number of queries with 10,000
responses."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from joinedup.engagement import queries, services
from joinedup.engagement.choices import ResponseStatus
from joinedup.engagement.models import Answer, AnswerChoice, Consultation, Response
from tests.engagement import factories as eng
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db


def _close(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    consultation.refresh_from_db()
    return consultation


def test_results_count_each_option_and_scale_value():
    consultation = eng.consultation()
    for n in range(3):
        eng.respond(consultation, token=f"t{n}")
    results = queries.results(consultation)
    assert results.responses == 3
    single, scale, text, multiple, ranking = results.questions
    assert [(b.label, b.count, b.share) for b in single.bars] == [
        ("Yes", 3, 100), ("Partly", 0, 0), ("No", 0, 0)
    ]  # fmt: skip
    assert scale.mean == 4.0 and scale.bars[3].count == 3
    assert text.answered == 3
    assert [b.count for b in multiple.bars] == [0, 3]
    assert [(b.label, b.mean_rank) for b in ranking.bars] == [("Second", 1.0), ("First", 2.0)]


def test_drafts_are_not_counted():
    consultation = eng.consultation()
    services.save_response(
        consultation=consultation, values=eng.values(consultation), submit=False, token="d"
    )
    assert queries.results(consultation).responses == 0
    assert queries.results(consultation).questions[0].answered == 0


def test_unpublished_results_are_a_404_for_the_public_and_open_to_officers(anonymous, pmo):
    consultation = eng.consultation()
    url = f"/consultations/{consultation.slug}/results/"
    assert anonymous.client.get(url).status_code == 404
    assert (
        anonymous.client.get(f"/consultations/{consultation.slug}/results.csv").status_code == 404
    )
    assert pmo.client.get(url).status_code == 200


def test_results_cannot_be_published_while_open_and_an_officer_may_close_early(pmo):
    consultation = eng.consultation()
    url = f"/consultations/{consultation.slug}/results/"
    page = pmo.client.post(url, {"summary": "Too soon"})
    assert "once the consultation has closed" in page.content.decode()
    consultation.refresh_from_db()
    assert consultation.results_published_at is None
    pmo.client.post(url, {"action": "close"})
    pmo.client.post(url, {"summary": "People want a voice."})
    consultation.refresh_from_db()
    assert consultation.results_published_at is not None
    assert consultation.results_summary == "People want a voice."


def test_a_member_cannot_publish_results(member_a):
    consultation = _close(eng.consultation())
    url = f"/consultations/{consultation.slug}/results/"
    assert member_a.client.post(url, {"summary": "x"}).status_code == 404
    consultation.refresh_from_db()
    assert consultation.results_published_at is None


def test_published_results_are_public_and_never_show_identities(anonymous, member_a):
    consultation = eng.consultation(identified=True)
    eng.respond(consultation, person=member_a.person, text="Name-free answer")
    services.publish_results(consultation=_close(consultation))
    results = anonymous.client.get(f"/consultations/{consultation.slug}/results/")
    assert results.status_code == 200
    page = results.content.decode()
    assert "1 response." in page
    for identity in (member_a.person.user.username, member_a.person.user.last_name):
        assert identity not in page
    exported = anonymous.client.get(f"/consultations/{consultation.slug}/results.csv")
    assert member_a.person.user.username not in exported.content.decode()


def test_the_csv_export_has_one_row_per_response_in_order(pmo):
    consultation = eng.consultation()
    eng.respond(consultation, token="a", text="=HYPERLINK(evil)")
    eng.respond(consultation, token="b", text="Second")
    response = pmo.client.get(f"/consultations/{consultation.slug}/results.csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Response", "Submitted", "Does the overall concept make sense?"]
    assert [row[0] for row in rows[1:]] == ["1", "2"]
    assert rows[1][2:] == ["Yes", "4", "'=HYPERLINK(evil)", "Advisory Council",
                           "1. Second; 2. First"]  # fmt: skip


def test_the_xlsx_export_opens_with_the_same_rows(pmo):
    consultation = eng.consultation()
    eng.respond(consultation, token="a")
    response = pmo.client.get(f"/consultations/{consultation.slug}/results.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Response" and rows[1][2] == "Yes"
    assert len(rows) == 2


def test_an_unknown_export_format_is_a_404(pmo):
    consultation = eng.consultation()
    assert pmo.client.get(f"/consultations/{consultation.slug}/results.pdf").status_code == 404


def test_an_officer_themes_answers_and_links_the_theme_to_a_recommendation(pmo, secretary):
    consultation = eng.consultation()
    eng.respond(consultation, token="a", text="Patients must be heard.")
    answer = Answer.objects.get(text="Patients must be heard.")
    themes = f"/consultations/{consultation.slug}/themes/"
    response = secretary.client.post(themes, {"name": "Voice of patients"})
    theme = consultation.themes.get()
    assert response.url.endswith(f"/themes/{theme.pk}/")
    secretary.client.post(
        f"/consultations/{consultation.slug}/answers/{answer.pk}/themes/",
        {f"a{answer.pk}-themes": [str(theme.pk)], "page": "1"},
    )
    assert list(answer.themes.all()) == [theme]
    body = gov.body("Partnership Board")
    recommendation = _recommendation(body)
    detail = f"/consultations/{consultation.slug}/themes/{theme.pk}/"
    value = f"governance.recommendation:{recommendation.pk}"
    secretary.client.post(detail, {"action": "link", "record": value})
    assert theme.links.get().object_id == str(recommendation.pk)
    secretary.client.post(detail, {
        "action": "outcome", "you_said": "Patients must be heard.", "publish": "on",
        "we_did": "We set up the council.",
        "led_to": f"governance.recommendation:{recommendation.pk}",
    })  # fmt: skip
    page = pmo.client.get("/you-said-we-did/").content.decode()
    assert "We set up the council." in page and recommendation.title in page


def _recommendation(body):
    from joinedup.governance.models import Recommendation

    meeting = gov.meeting(body)
    item = gov.item(meeting)

    return Recommendation.objects.create(
        reference="SPB-R-1", body=body, meeting=meeting, item=item, title="Set up the council",
        text="Set it up.", reached_by="consensus", issued_at=timezone.now(),
    )  # fmt: skip


def test_a_theme_from_another_consultation_cannot_be_assigned(secretary):
    first, second = eng.consultation(), eng.consultation()
    eng.respond(first, token="a")
    answer = Answer.objects.get(text="Clearer roles.")
    other = services.create_theme(consultation=second, name="Elsewhere")
    with pytest.raises(services.ValidationError):
        services.set_answer_themes(answer=answer, themes=[other])
    assert not answer.themes.exists()


def test_theming_pages_are_404_for_members(member_a):
    consultation = eng.consultation()
    theme = services.create_theme(consultation=consultation, name="A theme")
    assert member_a.client.get(f"/consultations/{consultation.slug}/themes/").status_code == 404
    url = f"/consultations/{consultation.slug}/themes/{theme.pk}/"
    assert member_a.client.get(url).status_code == 404


def test_a_scripted_theme_name_is_refused_beside_the_field(secretary):
    consultation = eng.consultation()
    page = secretary.client.post(
        f"/consultations/{consultation.slug}/themes/", {"name": "<script>x</script>"}
    ).content.decode()
    assert 'id="id_name-error"' in page
    assert not consultation.themes.exists()


def test_unpublished_you_said_we_did_is_not_shown(anonymous):
    consultation = eng.consultation()
    theme = services.create_theme(consultation=consultation, name="Draft theme")
    services.record_you_said_we_did(theme=theme, you_said="Said", we_did="Hidden draft")
    assert "Hidden draft" not in anonymous.client.get("/you-said-we-did/").content.decode()


def _ten_thousand_responses(consultation):
    questions = eng.questions(consultation)
    single = list(questions["single"].options.all())
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(consultation=consultation, token_digest=f"{n:064d}",
                 status=ResponseStatus.SUBMITTED, submitted_at=now)
        for n in range(10_000)
    )  # fmt: skip
    answers = []
    for n, response in enumerate(responses):
        answers.append(Answer(response=response, question=questions["scale"], value=1 + n % 5))
        answers.append(Answer(response=response, question=questions["single"]))
        answers.append(Answer(response=response, question=questions["text"], text=f"Answer {n}"))
    answers = Answer.objects.bulk_create(answers, batch_size=2000)
    choices = [
        AnswerChoice(answer=a, option=single[n % 3])
        for n, a in enumerate(a for a in answers if a.question_id == questions["single"].pk)
    ]
    AnswerChoice.objects.bulk_create(choices, batch_size=2000)


def test_the_results_page_with_ten_thousand_responses_takes_a_bounded_number_of_queries(
    anonymous, django_assert_max_num_queries
):
    consultation = eng.consultation()
    _ten_thousand_responses(consultation)
    services.publish_results(consultation=_close(consultation))
    url = f"/consultations/{consultation.slug}/results/"
    with django_assert_max_num_queries(15):
        page = anonymous.client.get(url)
    text = page.content.decode()
    assert "10000 responses." in text
    with django_assert_max_num_queries(15):
        answers = anonymous.client.get(
            f"{url}questions/{eng.questions(consultation)['text'].pk}/?page=400"
        )
    assert "Answer 9999" in answers.content.decode()
    assert "page 400 of 400" in answers.content.decode()
