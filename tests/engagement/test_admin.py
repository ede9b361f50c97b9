"""Officers set up consultations in the admin: visibility follows the audience, every change is
audited, and questions freeze once a consultation has responses."""

import pytest

from joinedup.core.models import AuditEntry
from joinedup.engagement.models import Consultation
from tests.engagement import factories as eng

pytestmark = pytest.mark.django_db


def test_a_consultation_added_in_the_admin_takes_its_visibility_from_its_audience(admin):
    form = {
        "slug": "carers-survey", "title": "Carers survey", "summary": "Tell us.",
        "audience": "partners", "identified": "on",
        "opens_at_0": "2026-01-01", "opens_at_1": "09:00:00",
        "closes_at_0": "2026-02-01", "closes_at_1": "09:00:00",
        "results_summary": "", "body": "",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = admin.client.post("/admin/engagement/consultation/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation = Consultation.objects.get(slug="carers-survey")
    assert consultation.visibility == "partnership"
    assert AuditEntry.objects.filter(action="consultation.added_in_admin").exists()


def test_questions_cannot_be_changed_once_there_are_responses(admin):
    consultation = eng.consultation()
    question = consultation.questions.first()
    assert admin.client.get(f"/admin/engagement/question/{question.pk}/change/").status_code == 200
    eng.respond(consultation)
    page = admin.client.get(f"/admin/engagement/question/{question.pk}/change/")
    assert 'name="text"' not in page.content.decode()
