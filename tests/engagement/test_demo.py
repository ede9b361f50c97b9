"""The engagement demo loads the seed 002 survey with responses, stories, assurance and two
self-assessment rounds, and a second run adds nothing."""

import pytest

from joinedup.engagement import demo
from joinedup.engagement.models import (
    AssessmentRound,
    Assurance,
    Consultation,
    Response,
    Story,
    YouSaidWeDid,
)

pytestmark = pytest.mark.django_db


def test_it_loads_the_partner_survey_with_its_questions_and_responses(tmp_path):
    added = demo.load(logins_file=tmp_path / "logins.txt")
    survey = Consultation.objects.get(slug=demo.SURVEY_SLUG)
    texts = list(survey.questions.values_list("text", flat=True))
    assert "Does the overall concept make sense?" in texts
    assert "Would you be interested in joining any of the groups?" in texts
    assert Response.objects.filter(consultation=survey, status="submitted").count() == 36
    assert survey.results_published_at is not None
    assert Consultation.objects.get(slug=demo.PUBLIC_SLUG).is_open()
    assert YouSaidWeDid.objects.filter(published_at__isnull=False).count() == 2
    assert Story.objects.values("projects").distinct().count() >= 2
    assert Assurance.objects.values("project").distinct().count() >= 2
    assert AssessmentRound.objects.filter(reported_at__isnull=False).count() == 2
    assert added["Response"] == 48


def test_a_second_run_adds_nothing(tmp_path):
    demo.load(logins_file=tmp_path / "logins.txt")
    assert demo.load(logins_file=tmp_path / "logins.txt") == {}
