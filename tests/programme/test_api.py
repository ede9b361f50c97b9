"""The programme API: every route for every persona as api_matrix.py says; structure, returns,
risks, benefits and reports read through what the caller may see; returns submitted and attested
only by the named roles, risks reassessed only by their owner or the PMO; refusals with a message
and nothing changed; lists paginated with query counts that do not grow."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from joinedup.core import services as core_services
from joinedup.core.models import AuditEntry
from joinedup.governance.models import Escalation
from joinedup.programme import services
from joinedup.programme.choices import Dimension, RiskCategory, RiskLevel
from joinedup.programme.models import (
    Attestation,
    DimensionStatus,
    ExceptionReport,
    MonthlyReturn,
    Risk,
    RiskAssessment,
)
from tests import factories
from tests.governance import factories as gov
from tests.matrix import responses, row_id
from tests.programme import factories as prog
from tests.programme.api_matrix import (
    A_RETURN,
    AN_ASSESSMENT,
    JULY,
    JUNE,
    MATRIX,
    POST_DATA,
    benefit,
    build_records,
    report,
    submitted_return,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def records(member_a, partner_a, partner_b):
    return build_records(member_a, partner_a, partner_b)


def _post(client, path, data, **kwargs):
    return client.post(f"{API}{path}", data=data, content_type="application/json", **kwargs)


def _walk(personas, method, path, data) -> dict:
    answers = {}
    for name, response in responses(personas, method, path, data, as_json=True).items():
        assert response["Content-Type"].startswith("application/json"), (name, path)
        answers[name] = response.status_code
    return answers


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    data = POST_DATA[route] if method == "post" else None
    assert _walk(personas, method, path_of(records), data) == expected


def _refs(body, key="reference") -> list[str]:
    return [row[key] for row in body["items"]]


# Structure


def test_a_programme_shows_its_tranches_with_targets_and_its_workstreams(anonymous, records):
    programme = records["programme"]
    tranche = services.add_tranche(
        programme=programme, number=1, name="Foundations", starts_on=date(2021, 1, 1),
        ends_on=date(2021, 12, 31),
    )  # fmt: skip
    services.add_tranche_target(
        tranche=tranche, description="Rapid response live", measure="Teams operating",
        target_value=Decimal(2), unit="teams", due_on=date(2021, 9, 30),
    )  # fmt: skip
    body = anonymous.client.get(f"{API}/programmes/{programme.slug}").json()
    assert body["board"]["name"] == "Programme Board"
    assert body["risk_grades"] == {"low": 3, "moderate": 6, "high": 12, "extreme": 25}
    (first,) = body["tranches"]
    assert (first["number"], first["targets"][0]["target_value"]) == (1, "2.00")
    assert [w["name"] for w in body["workstreams"]] == ["Intermediate Care"]


def test_a_project_shows_its_roles_objectives_and_milestones(anonymous, records, member_a):
    project = records["project"]
    services.add_milestone(
        project=project, title="Team recruited", baseline_on=date(2021, 6, 30),
        forecast_on=date(2021, 7, 14), is_key=True,
    )  # fmt: skip
    body = anonymous.client.get(f"{API}/projects/{project.reference}").json()
    assert body["lead_organisation"]["name"] == "Partner A Care"
    assert [p["name"] for p in body["partners"]] == ["Partner B Trust"]
    assert {r["role"]: r["person"]["name"] for r in body["roles"]} == {
        "clinical_lead": member_a.person.name,
        "project_manager": member_a.person.name,
    }
    (milestone,) = body["milestones"]
    assert (milestone["title"], milestone["slip_days"], milestone["is_key"]) == (
        "Team recruited", 14, True,
    )  # fmt: skip


def test_projects_the_caller_may_not_see_are_not_listed(anonymous, member_b, records):
    everyone = {records["project"].reference}
    partners = everyone | {records["partnership_project"].reference}
    assert set(_refs(anonymous.client.get(f"{API}/projects").json())) == everyone
    assert set(_refs(member_b.client.get(f"{API}/projects").json())) == partners


def test_projects_filter_by_workstream_and_status(anonymous, records, partner_a):
    other = prog.workstream(records["programme"], "Digital")
    digital = prog.project(other, partner_a, name="Shared Record")
    url = f"{API}/projects?workstream={other.slug}&status=pipeline"
    assert _refs(anonymous.client.get(url).json()) == [digital.reference]
    assert _refs(anonymous.client.get(f"{API}/projects?status=delivery").json()) == []


def test_an_organisation_the_caller_may_not_see_is_not_named(anonymous, member_b, records):
    hidden = factories.organisation("Quiet Partner", visibility="partnership")
    project = prog.project(records["project"].workstream, hidden, partners=[hidden])
    url = f"{API}/projects/{project.reference}"
    seen = anonymous.client.get(url).json()
    assert seen["lead_organisation"] is None and seen["partners"] == []
    assert member_b.client.get(url).json()["lead_organisation"]["name"] == "Quiet Partner"


# Returns


def test_returns_are_partnership_business(anonymous, member_b, records):
    assert anonymous.client.get(f"{API}/returns").json()["count"] == 0
    body = member_b.client.get(f"{API}/returns").json()
    assert _refs(body, "id") == [str(records["return"].pk)]


def test_returns_filter_by_project_month_and_status(member_a, records):
    june = member_a.client.get(f"{API}/returns?month=2021-06-15&status=submitted").json()
    assert june["count"] == 2
    assert member_a.client.get(f"{API}/returns?month=2021-07-01").json()["count"] == 0
    url = f"{API}/returns?project={records['restricted_project'].reference}"
    assert _refs(member_a.client.get(url).json(), "id") == [str(records["restricted_return"].pk)]


def _a_return(**changes) -> dict:
    return {**A_RETURN, **changes}


OVERSPEND = {
    "cost": {"deviation": "8", "commentary": "Agency rates rose."},
}
EXCEPTION = {
    "cause": "Agency staff rates rose after the tender.",
    "consequences": "The project will overspend by 8% this year.",
    "options": "Reduce scope; find savings; seek more funding.",
    "recommendation": "Agree an extra £8,000 from the pooled fund.",
}


def _forecasts(**changes) -> dict:
    return {**A_RETURN["forecasts"], **changes}


def test_the_project_manager_submits_a_return_in_one_call(member_a, records):
    reference = records["project"].reference
    response = _post(member_a.client, f"/projects/{reference}/returns", _a_return(
        month="2021-07-20", forecasts=_forecasts(time={"deviation": "25"}),
        achievements="Team recruited.",
    ))  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["month"], body["status"], body["overall_status"]) == (
        "2021-07-01", "submitted", "amber",
    )  # fmt: skip
    time = next(d for d in body["dimensions"] if d["dimension"] == "time")
    assert (time["status"], time["unit"], time["tolerance"]) == ("amber", "days late", "30.00")
    assert body["submitted_by"]["name"] == member_a.person.name
    assert body["achievements"] == "Team recruited." and body["exception_report"] is None
    assert AuditEntry.objects.filter(action="return.submitted").count() == 3


def test_a_return_completes_the_draft_saved_on_the_page(member_a, records):
    project, july = records["project"], records["programme"].rounds.get(month=JULY)
    draft = services.save_return_draft(
        round=july, project=project, by=member_a.person.user, progress="Drafted on the page."
    )
    response = _post(member_a.client, f"/projects/{project.reference}/returns", _a_return())
    assert response.status_code == 201
    assert response.json()["id"] == str(draft.pk)
    assert response.json()["progress"] == "Drafted on the page."


def test_a_breach_with_its_exception_report_is_escalated(member_a, pmo, records):
    reference = records["project"].reference
    response = _post(member_a.client, f"/projects/{reference}/returns", _a_return(
        forecasts=_forecasts(**OVERSPEND), exception=EXCEPTION,
    ))  # fmt: skip
    assert response.status_code == 201, response.json()
    body = pmo.client.get(f"{API}/returns/{response.json()['id']}").json()
    assert body["overall_status"] == "red"
    assert body["exception_report"]["recommendation"] == EXCEPTION["recommendation"]
    escalation = Escalation.objects.get(pk=body["exception_report"]["escalation_id"])
    assert escalation.to_body == records["programme"].board


def _unchanged(before_audit: int) -> None:
    assert AuditEntry.objects.count() == before_audit
    assert MonthlyReturn.objects.filter(round__month=JULY).count() == 0
    assert DimensionStatus.objects.filter(monthly_return__round__month=JULY).count() == 0
    assert not ExceptionReport.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"month": "2021-06-01"}, "The return for June 2021 has already been submitted."),
        ({"month": "2021-09-01"}, "No return has been issued for September 2021."),
        ({"confidence": "amber_green"}, "This programme rates delivery confidence green, amber"),
        ({"confidence_narrative": "  "}, "Explain the delivery confidence."),
        ({"forecasts": _forecasts(**OVERSPEND)}, "The forecast breaches the cost tol"),
        ({"overall_status": "red"}, "The worst dimension is green: give the reason for report"),
    ],
)
def test_a_return_the_rules_refuse_changes_nothing(member_a, records, changes, message):
    before = AuditEntry.objects.count()
    reference = records["project"].reference
    response = _post(member_a.client, f"/projects/{reference}/returns", _a_return(**changes))
    assert response.status_code == 422
    assert response.json()["message"].startswith(message)
    _unchanged(before)
    assert records["return"].dimensions.count() == len(Dimension)


def test_a_refused_submission_leaves_the_draft_as_it_was(member_a, records):
    project, july = records["project"], records["programme"].rounds.get(month=JULY)
    draft = services.save_return_draft(
        round=july, project=project, by=member_a.person.user, progress="As drafted."
    )
    response = _post(member_a.client, f"/projects/{project.reference}/returns", _a_return(
        progress="Rewritten", forecasts=_forecasts(**OVERSPEND),
    ))  # fmt: skip
    assert response.status_code == 422
    draft.refresh_from_db()
    assert (draft.status, draft.progress) == ("draft", "As drafted.")


def test_someone_not_the_project_manager_cannot_submit(member_b, records):
    before = AuditEntry.objects.count()
    reference = records["project"].reference
    response = _post(member_b.client, f"/projects/{reference}/returns", _a_return())
    assert response.status_code == 422
    assert response.json()["message"] == "Only the project's project manager drafts its return."
    _unchanged(before)


@pytest.mark.parametrize(
    "changes",
    [
        {"month": "July"},
        {"confidence": "sunny"},
        {"forecasts": {"time": {"deviation": "0"}}},
        {"forecasts": _forecasts(cost={"deviation": "lots"})},
        {"spend_to_date": "-5"},
        {"confidence_narrative": None},
    ],
)
def test_a_malformed_return_is_a_json_error(member_a, records, changes):
    reference = records["project"].reference
    response = _post(member_a.client, f"/projects/{reference}/returns", _a_return(**changes))
    assert response.status_code == 422
    assert response.json()["message"].startswith("The request is not valid")
    assert not MonthlyReturn.objects.filter(round__month=JULY).exists()


def test_a_missing_forecast_is_named(member_a, records):
    forecasts = _forecasts()
    del forecasts["benefits"]
    reference = records["project"].reference
    response = _post(
        member_a.client, f"/projects/{reference}/returns", _a_return(forecasts=forecasts)
    )
    assert "forecasts.benefits: Field required" in response.json()["message"]


def test_the_clinical_lead_attests_and_the_attestation_is_shown(member_a, records):
    path = f"/returns/{records['return'].pk}/attestations"
    response = _post(member_a.client, path, {"part": "quality", "statement": "Safe."})
    assert response.status_code == 201
    assert response.json()["person"]["name"] == member_a.person.name
    body = member_a.client.get(f"{API}/returns/{records['return'].pk}").json()
    assert [(a["part"], a["statement"]) for a in body["attestations"]] == [("quality", "Safe.")]


@pytest.mark.parametrize(
    "part, message",
    [
        ("finance", "Only the project's finance representative attests this part of the return."),
        ("quality", "That part of the return has already been attested."),
    ],
)
def test_an_attestation_the_rules_refuse_changes_nothing(member_a, records, part, message):
    services.attest_return(
        monthly_return=records["return"], part="quality", by=member_a.person.user
    )
    before = AuditEntry.objects.count()
    response = _post(member_a.client, f"/returns/{records['return'].pk}/attestations", {
        "part": part,
    })  # fmt: skip
    assert (response.status_code, response.json()["message"]) == (422, message)
    assert Attestation.objects.count() == 1 and AuditEntry.objects.count() == before


def test_a_draft_cannot_be_attested(member_a, records):
    project, july = records["project"], records["programme"].rounds.get(month=JULY)
    draft = services.save_return_draft(round=july, project=project, by=member_a.person.user)
    response = _post(member_a.client, f"/returns/{draft.pk}/attestations", {"part": "quality"})
    assert response.json()["message"] == "A return is attested after it is submitted."
    assert not draft.attestations.exists()


def test_anonymous_callers_must_authenticate_to_write(anonymous, records):
    response = _post(anonymous.client, f"/risks/{records['risk'].reference}/assessments", {
        **AN_ASSESSMENT,
    })  # fmt: skip
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Sign in" in response.json()["message"]


def test_a_token_write_needs_no_csrf_token(member_a, records):
    _, raw = core_services.issue_api_token(person=member_a.person, name="script")
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/projects/{records['project'].reference}/returns", data=A_RETURN,
        content_type="application/json", headers={"Authorization": f"Bearer {raw}"},
    )  # fmt: skip
    assert response.status_code == 201


def test_a_session_write_needs_the_csrf_token(member_a, records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a.person.user, backend="django.contrib.auth.backends.ModelBackend")
    response = _post(client, f"/projects/{records['project'].reference}/returns", A_RETURN)
    assert response.status_code == 403 and "CSRF" in response.json()["message"]


# Risks


def test_risks_are_listed_highest_current_score_first(anonymous, records, member_a, partner_a):
    programme = records["programme"]
    high = prog.risk(programme, member_a.person, [partner_a], current=(4, 4))
    low = prog.risk(programme, member_a.person, [partner_a], current=(1, 2))
    body = anonymous.client.get(f"{API}/risks").json()
    assert _refs(body) == [high.reference, records["risk"].reference, low.reference]
    assert [r["current_grade"] for r in body["items"]] == ["extreme", "high", "low"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("level=programme", ["programme", "financial"]),
        ("category=financial", ["financial"]),
        ("status=closed", []),
        ("project={project}", ["project"]),
    ],
)
def test_risks_filter_by_level_category_project_and_status(
    anonymous, records, member_a, partner_a, query, expected
):
    programme = records["programme"]
    wanted = {
        "programme": prog.risk(programme, member_a.person, [partner_a]),
        "financial": prog.risk(
            programme, member_a.person, [partner_a], category=RiskCategory.FINANCIAL
        ),
        "project": records["risk"],
    }
    url = f"{API}/risks?{query.format(project=records['project'].reference)}"
    references = _refs(anonymous.client.get(url).json())
    assert references == [wanted[key].reference for key in expected]


def test_a_risk_shows_its_assessment_history(anonymous, records):
    risk = records["risk"]
    services.reassess_risk(risk=risk, likelihood=4, consequence=3, note="Supplier withdrew.")
    body = anonymous.client.get(f"{API}/risks/{risk.reference}").json()
    assert [(a["score"], a["note"]) for a in body["assessments"]] == [
        (9, "Recorded."),
        (12, "Supplier withdrew."),
    ]
    assert [h["name"] for h in body["holders"]] == ["Partner A Care"]
    assert (body["current_score"], body["inherent_score"], body["target_score"]) == (12, 16, 2)


def test_the_owner_reassesses_a_risk_and_passing_tolerance_escalates(member_a, records):
    services.set_appetite(
        programme=records["programme"], category=RiskCategory.DELIVERY, level=RiskLevel.PROJECT,
        tolerance_score=12,
    )  # fmt: skip
    review = (date.today() + timedelta(days=30)).isoformat()
    response = _post(member_a.client, f"/risks/{records['risk'].reference}/assessments", {
        "likelihood": 5, "consequence": 4, "note": "The supplier withdrew.", "review_on": review,
    })  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["current_score"], body["review_on"], body["escalated"]) == (20, review, True)
    assert body["assessments"][-1]["by"]["name"] == member_a.person.name


def test_the_pmo_reassesses_any_risk_it_sees(pmo, records):
    response = _post(pmo.client, f"/risks/{records['risk'].reference}/assessments", AN_ASSESSMENT)
    assert response.status_code == 201
    assert response.json()["assessments"][-1]["by"]["name"] == pmo.person.name


def test_someone_else_cannot_reassess_a_risk(member_b, records):
    response = _post(
        member_b.client, f"/risks/{records['risk'].reference}/assessments", AN_ASSESSMENT
    )
    assert response.status_code == 403
    assert response.json()["message"] == "Only the risk's owner or the PMO reassesses a risk."
    assert RiskAssessment.objects.filter(risk=records["risk"]).count() == 1


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"likelihood": 6}, "likelihood: Input should be less than or equal to 5"),
        ({"consequence": 0}, "consequence: Input should be greater than or equal to 1"),
        ({"likelihood": "likely"}, "likelihood: Input should be a valid integer"),
        ({"note": ""}, "note: String should have at least 1 character"),
        ({"review_on": "soon"}, "review_on: Input should be a valid date"),
    ],
)
def test_a_score_outside_the_matrix_is_refused_and_nothing_changes(
    member_a, records, changes, problem
):
    risk = records["risk"]
    before = AuditEntry.objects.count()
    response = _post(member_a.client, f"/risks/{risk.reference}/assessments", {
        **AN_ASSESSMENT, **changes,
    })  # fmt: skip
    assert response.status_code == 422
    assert problem in response.json()["message"]
    assert Risk.objects.get(pk=risk.pk).current_score == 9
    assert AuditEntry.objects.count() == before


# Benefits and reports


def test_a_benefit_shows_its_profile_and_enabling_milestones(anonymous, records, member_a):
    project = records["project"]
    milestone = services.add_milestone(
        project=project, title="Team recruited", baseline_on=date(2021, 6, 30)
    )
    enabled = benefit(project, member_a.person, description="Shorter stays", enabled_by=[milestone])
    for month, actual in ((JUNE, Decimal(118)), (JULY, None)):
        services.record_benefit_profile(
            benefit=enabled, month=month, target=Decimal(115), forecast=Decimal(116), actual=actual
        )
    services.update_milestone(milestone=milestone, forecast_on=date(2021, 8, 31))
    body = anonymous.client.get(f"{API}/benefits/{enabled.pk}").json()
    assert [(p["month"], p["actual"]) for p in body["profile"]] == [
        ("2021-06-01", "118.00"),
        ("2021-07-01", None),
    ]
    assert [m["title"] for m in body["enabled_by"]] == ["Team recruited"]
    assert body["needs_reforecast"] is True and "slipped" in body["reforecast_reason"]
    flagged = anonymous.client.get(f"{API}/benefits?needs_reforecast=true").json()
    assert _refs(flagged, "id") == [str(enabled.pk)]


def test_benefits_of_projects_the_caller_may_not_see_are_not_listed(member_b, records):
    body = member_b.client.get(f"{API}/benefits").json()
    assert _refs(body, "id") == [str(records["benefit"].pk)]


def test_the_public_get_a_published_reports_public_content(anonymous, member_b, records):
    path = f"{API}/reports/{records['published_report'].pk}"
    public = anonymous.client.get(path).json()
    assert (public["rendering"], public["content"]) == ("public", {"projects": ["Public"]})
    full = member_b.client.get(path).json()
    assert (full["rendering"], full["content"]) == ("full", {"projects": ["Public", "Restricted"]})


def test_the_public_list_only_published_reports(anonymous, member_a, records):
    published, draft = str(records["published_report"].pk), str(records["draft_report"].pk)
    assert _refs(anonymous.client.get(f"{API}/reports").json(), "id") == [published]
    assert _refs(member_a.client.get(f"{API}/reports").json(), "id") == [draft, published]
    only = member_a.client.get(f"{API}/reports?status=published&kind=monthly").json()
    assert _refs(only, "id") == [published]


# Errors and query counts


ZERO = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    "path, status",
    [
        ("/programmes/no-such-programme", 404),
        ("/projects/NOPE", 404),
        ("/projects?status=dreaming", 422),
        ("/projects?page=99", 404),
        ("/returns/not-a-uuid", 422),
        (f"/returns/{ZERO}", 404),
        ("/returns?month=June", 422),
        ("/risks/NOPE", 404),
        ("/risks?level=galactic", 422),
        ("/risks?page_size=1000", 422),
        (f"/benefits/{ZERO}", 404),
        (f"/reports/{ZERO}", 404),
        ("/reports?kind=weekly", 422),
    ],
)
def test_bad_ids_and_parameters_get_a_clear_json_error(member_a, records, path, status):
    response = member_a.client.get(f"{API}{path}")
    assert response.status_code == status
    assert response.json()["message"]


def test_a_write_to_an_unknown_record_is_404(member_a, records):
    assert _post(member_a.client, "/projects/NOPE/returns", A_RETURN).status_code == 404
    assert _post(member_a.client, f"/returns/{ZERO}/attestations", {
        "part": "quality",
    }).status_code == 404  # fmt: skip
    assert _post(member_a.client, "/risks/NOPE/assessments", AN_ASSESSMENT).status_code == 404


_numbers = itertools.count()


def _months(n):
    """Months not used before in this test run: each call grows from where the last left off."""
    for number in itertools.islice(_numbers, n):
        yield date(2000 + number // 12, number % 12 + 1, 1)


def _grow_projects(r, n):
    workstream = r["project"].workstream
    for _ in range(n):
        partner = factories.organisation()
        project = prog.project(workstream, partner, partners=[partner])
        manager = factories.person(organisation=partner)
        services.assign_project_role(project=project, role="project_manager", person=manager)
        services.add_milestone(project=project, title="Go live", baseline_on=date(2021, 9, 1))
        submitted_return(project, r["programme"].rounds.get(month=JUNE), manager)
        prog.risk(r["programme"], manager, [partner], project=project)
        benefit(project, manager)
    for month in _months(n):
        report(r["programme"], month=month)


def _grow_milestones(r, n):
    for number in range(n):
        services.add_milestone(
            project=r["project"], title=f"M{number}", baseline_on=date(2021, 9, 1)
        )


def _grow_assessments(r, n):
    for _ in range(n):
        services.reassess_risk(risk=r["risk"], likelihood=2, consequence=2, note="Reviewed.")


def _grow_profile(r, n):
    for month in _months(n):
        services.record_benefit_profile(
            benefit=r["benefit"], month=month, target=Decimal(1), forecast=Decimal(1)
        )


def _grow_tranches(r, n):
    for number in itertools.islice(_numbers, n):
        tranche = services.add_tranche(
            programme=r["programme"], number=number + 1, name=f"T{number}",
            starts_on=date(2021, 1, 1), ends_on=date(2021, 12, 31),
        )  # fmt: skip
        services.add_tranche_target(
            tranche=tranche, description="Target", measure="Count", target_value=Decimal(1),
            due_on=date(2021, 12, 31),
        )  # fmt: skip
        prog.workstream(r["programme"])


def _grow_programmes(r, n):
    for number in itertools.islice(_numbers, n):
        services.create_programme(
            name=f"Programme {number}", board=gov.body(), reports_agreed_by=gov.body()
        )


LISTS = [
    (lambda r: "/programmes", _grow_programmes, "count"),
    (lambda r: f"/programmes/{r['programme'].slug}", _grow_tranches, "tranches"),
    (lambda r: "/projects", _grow_projects, "count"),
    (lambda r: f"/projects/{r['project'].reference}", _grow_milestones, "milestones"),
    (lambda r: "/returns", _grow_projects, "count"),
    (lambda r: "/risks", _grow_projects, "count"),
    (lambda r: f"/risks/{r['risk'].reference}", _grow_assessments, "assessments"),
    (lambda r: "/benefits", _grow_projects, "count"),
    (lambda r: f"/benefits/{r['benefit'].pk}", _grow_profile, "profile"),
    (lambda r: "/reports", _grow_projects, "count"),
]


def _size(body: dict, key: str) -> int:
    return body["count"] if key == "count" else len(body[key])


@pytest.mark.parametrize(
    "path_of, grow, key", LISTS, ids=[f"{g.__name__}-{k}" for _, g, k in LISTS]
)
def test_query_count_is_the_same_for_20_records_as_for_2(
    member_a, records, django_assert_max_num_queries, path_of, grow, key
):
    url = f"{API}{path_of(records)}?page_size=100"
    grow(records, 2)
    with django_assert_max_num_queries(12) as few:
        response = member_a.client.get(url)
    assert response.status_code == 200, response.json()
    size = _size(response.json(), key)
    grow(records, 18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_a.client.get(url)
    assert _size(response.json(), key) >= size + 18
