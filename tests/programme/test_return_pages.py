"""The monthly return through the browser's forms: the project manager drafts and submits, a
breach needs its exception report, the named roles attest, and the PMO chases the late."""

from datetime import date

import pytest
from django.core import mail

from joinedup.programme import services
from joinedup.programme.choices import Dimension
from joinedup.programme.models import MonthlyReturn
from tests.conftest import _signed_in

pytestmark = pytest.mark.django_db

RETURN = {
    "confidence": "amber",
    "confidence_narrative": "Recruitment is behind plan.",
    "progress": "Two of three objectives on track.",
    "resources_used": "Four nurses, one manager.",
    "achievements": "First patients seen at home.",
    **{f"{d}_deviation": "0" for d in Dimension},
}


def path(delivery) -> str:
    return f"/projects/{delivery.project.slug}/returns/{delivery.round.month:%Y-%m}/"


def test_the_project_manager_sees_the_return_due_on_the_project_page(delivery):
    page = _signed_in(delivery.manager).get(f"/projects/{delivery.project.slug}/")
    assert "Complete the return for June 2021" in page.content.decode()


def test_a_draft_is_saved_and_a_submission_on_plan_is_green(delivery):
    client = _signed_in(delivery.manager)
    client.post(path(delivery), {**RETURN, "save": "1"})
    assert MonthlyReturn.objects.get().status == "draft"
    response = client.post(path(delivery), {**RETURN, "submit": "1"})
    submitted = MonthlyReturn.objects.get()
    assert response.status_code == 302 and submitted.overall_status == "green"
    assert client.get(path(delivery)).status_code == 302, "a submitted return is not edited"


def test_a_breach_without_an_exception_report_is_refused_beside_the_cause(delivery):
    client = _signed_in(delivery.manager)
    response = client.post(path(delivery), {**RETURN, "cost_deviation": "12", "submit": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_cause-error"' in page and "breaches the cost tolerance" in page
    assert not MonthlyReturn.objects.filter(status="submitted").exists()


def test_a_breach_with_its_exception_report_goes_to_the_pmos_exception_list(delivery, pmo):
    exception = {"cause": "Agency rates", "consequences": "Overspend", "options": "Cut scope",
                 "recommendation": "Fund from the pooled budget"}  # fmt: skip
    client = _signed_in(delivery.manager)
    client.post(path(delivery), {**RETURN, "cost_deviation": "12", "submit": "1", **exception})
    page = pmo.client.get(f"/programmes/{delivery.programme.slug}/exceptions/").content.decode()
    assert "Fund from the pooled budget" in page and "Rapid Response" in page


def test_the_finance_representative_attests_from_the_return_page(delivery):
    client = _signed_in(delivery.manager)
    client.post(path(delivery), {**RETURN, "submit": "1"})
    submitted = MonthlyReturn.objects.get()
    finance = _signed_in(delivery.finance_rep)
    page = finance.get(f"/returns/{submitted.pk}/").content.decode()
    assert "Attest the cost and resources" in page
    assert "Attest the scope" not in page
    finance.post(f"/returns/{submitted.pk}/attest/", {"part": "finance", "statement": "Agreed."})
    assert submitted.attestations.get().person == delivery.finance_rep


def test_someone_else_cannot_attest_and_is_told_why(delivery):
    client = _signed_in(delivery.manager)
    client.post(path(delivery), {**RETURN, "submit": "1"})
    submitted = MonthlyReturn.objects.get()
    response = client.post(f"/returns/{submitted.pk}/attest/", {"part": "finance"}, follow=True)
    assert "Only the project&#x27;s finance representative" in response.content.decode()
    assert not submitted.attestations.exists()


def test_the_pmo_sees_who_is_late_and_reminds_them(delivery, pmo):
    services.issue_return_round(
        programme=delivery.programme, month=date(2021, 7, 1), due_on=date(2021, 8, 10)
    )
    tracker = f"/programmes/{delivery.programme.slug}/returns/"
    page = pmo.client.get(tracker).content.decode()
    assert "Overdue: missing" in page and "Rapid Response" in page
    pmo.client.post(f"{tracker}remind/")
    assert [m.to for m in mail.outbox] == [[delivery.manager.email]]
    assert "July 2021" in mail.outbox[0].subject
