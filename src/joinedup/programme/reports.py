"""The monthly programme report and the end-of-tranche report, assembled from the records.

A report's content is plain JSON, so the web page, the PDF and the API show the same figures,
and a published report is frozen as it was agreed. It is assembled twice, through the same
access rules the pages use: once as the partnership reads it, and once as the public does, so
the public version leaves out whatever is not public. The number of queries does not grow with
the number of projects.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Q, Sum

from joinedup.core.access import ANONYMOUS, Viewer
from joinedup.core.choices import StaffRole
from joinedup.core.models import Organisation
from joinedup.governance import access as governance_access
from joinedup.governance.choices import EscalationStatus, ResponseStatus
from joinedup.governance.queries import responses_prefetch
from joinedup.governance.registers import consolidated_state

from . import access, risk_matrix, services
from .choices import DependencyStatus, Dimension, ProjectStatus, ReportStatus, ReturnStatus
from .models import (
    Benefit,
    Dependency,
    ExceptionReport,
    FinanceLine,
    Milestone,
    MonthlyReturn,
    Report,
    RiskAssessment,
)

TREND_MONTHS = 6
TOP_RISKS = 10
DEPENDENCIES_DUE_WITHIN = timedelta(days=60)

# The partnership's reading of a report: everything public or partnership-wide, nothing
# restricted to named organisations, no confidential (Part B) governance business.
PARTNERSHIP_READER = Viewer(user="partnership reader", roles=frozenset({StaffRole.PMO.value}))


def _months_back(month: date, count: int) -> list[date]:
    months = [month]
    for _ in range(count - 1):
        months.insert(0, (months[0] - timedelta(days=1)).replace(day=1))
    return months


def _month_end(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _variance(budget: Decimal, forecast: Decimal) -> dict:
    """Variance of forecast against budget; positive means an overspend, as the label says."""
    amount = forecast - budget
    percent = (amount / budget * 100).quantize(Decimal("0.1")) if budget else None
    return {
        "amount": _money(amount),
        "percent": str(percent) if percent is not None else None,
        "direction": "overspend" if amount > 0 else "underspend" if amount < 0 else "on budget",
    }


def _projects(viewer, programme):
    return list(
        access.visible_projects(viewer)
        .filter(workstream__programme=programme)
        .filter(status__in=[ProjectStatus.INITIATION, ProjectStatus.DELIVERY])
        .select_related("workstream", "lead_organisation")
        .order_by("workstream__name", "reference")
    )


def _returns_by_project(projects, months) -> dict:
    returns = (
        MonthlyReturn.objects.filter(
            project__in=projects, round__month__in=months, status=ReturnStatus.SUBMITTED
        )
        .select_related("round")
        .prefetch_related("dimensions", "attestations")
    )
    found = defaultdict(dict)
    for monthly_return in returns:
        found[monthly_return.project_id][monthly_return.round.month] = monthly_return
    return found


def _return_summary(monthly_return) -> dict | None:
    if monthly_return is None:
        return None
    return {
        "overall": monthly_return.overall_status,
        "confidence": monthly_return.confidence,
        "confidence_narrative": monthly_return.confidence_narrative,
        "dimensions": {
            row.dimension: {"status": row.status, "commentary": row.commentary}
            for row in monthly_return.dimensions.all()
        },
        "achievements": monthly_return.achievements,
        "decisions_needed": monthly_return.decisions_needed,
        "attested": sorted(a.part for a in monthly_return.attestations.all()),
        "late": monthly_return.is_late,
    }


def _workstreams(projects, returns, months) -> list[dict]:
    workstreams = {}
    for project in projects:
        history = returns.get(project.pk, {})
        entry = workstreams.setdefault(
            project.workstream_id,
            {"name": project.workstream.name, "projects": []},
        )
        entry["projects"].append(
            {
                "reference": project.reference,
                "name": project.name,
                "lead": project.lead_organisation.name,
                "status": project.get_status_display(),
                "latest": _return_summary(history.get(months[-1])),
                "trend": [
                    {"month": m.isoformat(), "overall": history[m].overall_status}
                    if m in history
                    else {"month": m.isoformat(), "overall": None}
                    for m in months
                ],
            }
        )
    return list(workstreams.values())


def _milestones(projects, month) -> list[dict]:
    horizon = _month_end(month) + timedelta(days=92)
    milestones = Milestone.objects.filter(project__in=projects, is_key=True).filter(
        Q(actual_on__isnull=True, forecast_on__lte=horizon)
        | Q(actual_on__gte=month, actual_on__lte=_month_end(month))
    )
    return [
        {
            "project": m.project.reference,
            "title": m.title,
            "baseline": m.baseline_on.isoformat(),
            "forecast": m.forecast_on.isoformat(),
            "actual": m.actual_on.isoformat() if m.actual_on else None,
            "slip_days": m.slip_days,
        }
        for m in milestones.select_related("project").order_by("forecast_on", "title")
    ]


def _finance(projects, month) -> dict:
    year_start = month.replace(month=1)  # Jersey's public finances run by calendar year
    lines = FinanceLine.objects.filter(project__in=projects)
    by_project = {
        row["project__reference"]: row
        for row in lines.filter(month__gte=year_start, month__lte=month)
        .values("project__reference")
        .annotate(budget=Sum("budget"), actual=Sum("actual"), forecast=Sum("forecast"))
    }
    whole_life = {
        row["project__reference"]: row
        for row in lines.values("project__reference").annotate(
            budget=Sum("budget"), forecast=Sum("forecast")
        )
    }
    rows = []
    for project in projects:
        year = by_project.get(project.reference)
        life = whole_life.get(project.reference)
        if not year and not life:
            continue
        year = year or {"budget": 0, "actual": 0, "forecast": 0}
        life = life or {"budget": 0, "forecast": 0}
        rows.append(
            {
                "project": project.reference,
                "name": project.name,
                "year_budget": _money(year["budget"]),
                "year_actual": _money(year["actual"]),
                "year_forecast": _money(year["forecast"]),
                "year_variance": _variance(year["budget"] or 0, year["forecast"] or 0),
                "life_budget": _money(life["budget"]),
                "life_forecast": _money(life["forecast"]),
                "life_variance": _variance(life["budget"] or 0, life["forecast"] or 0),
            }
        )
    sources = (
        lines.filter(month__gte=year_start, month__lte=month)
        .values("source__name", "source__arrangement", "source__provided_by__name")
        .annotate(budget=Sum("budget"), actual=Sum("actual"), forecast=Sum("forecast"))
        .order_by("source__name")
    )
    return {
        "year_from": year_start.isoformat(),
        "projects": rows,
        "totals": _totals(rows),
        "sources": [
            {
                "name": s["source__name"],
                "arrangement": s["source__arrangement"],
                "provided_by": s["source__provided_by__name"],
                "budget": _money(s["budget"]),
                "actual": _money(s["actual"]),
                "forecast": _money(s["forecast"]),
            }
            for s in sources
        ],
    }


def _totals(rows: list[dict]) -> dict:
    """The programme's year-to-date and whole-life totals over the projects shown."""
    keys = ("year_budget", "year_actual", "year_forecast", "life_budget", "life_forecast")
    sums = {key: sum((Decimal(row[key]) for row in rows), Decimal(0)) for key in keys}
    return {
        **{key: _money(value) for key, value in sums.items()},
        "year_variance": _variance(sums["year_budget"], sums["year_forecast"]),
        "life_variance": _variance(sums["life_budget"], sums["life_forecast"]),
    }


def _benefits(projects, month) -> list[dict]:
    benefits = Benefit.objects.filter(project__in=projects).select_related("project")
    benefits = benefits.prefetch_related("profile")
    rows = []
    for benefit in benefits:
        latest = next((p for p in reversed(benefit.profile.all()) if p.month <= month), None)
        rows.append(
            {
                "project": benefit.project.reference,
                "description": benefit.description,
                "measure": benefit.measure,
                "indicator": benefit.indicator_code,
                "baseline": str(benefit.baseline),
                "target": str(benefit.target),
                "target_on": benefit.target_on.isoformat(),
                "month_target": str(latest.target) if latest else None,
                "month_forecast": str(latest.forecast) if latest else None,
                "month_actual": str(latest.actual)
                if latest and latest.actual is not None
                else None,
                "needs_reforecast": benefit.needs_reforecast,
                "reforecast_reason": benefit.reforecast_reason,
            }
        )
    return rows


def _risks(viewer, programme, month) -> dict:
    risks = list(
        access.visible_risks(viewer)
        .filter(programme=programme, status="open")
        .select_related("owner__user", "project")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=RiskAssessment.objects.filter(at__date__lte=_month_end(month)),
            )
        )
        .order_by("-current_score", "reference")
    )
    cells = defaultdict(int)
    for risk in risks:
        cells[risk.current_likelihood, risk.current_consequence] += 1
    top = []
    for risk in risks[:TOP_RISKS]:
        scores = [a.score for a in risk.assessments.all()]
        previous = scores[-2] if len(scores) > 1 else None
        top.append(
            {
                "reference": risk.reference,
                "title": risk.title,
                "project": risk.project.reference if risk.project else None,
                "owner": risk.owner.name,
                "score": risk.current_score,
                "grade": risk_matrix.grade(risk.current_score).value,
                "previous": previous,
                "movement": "new"
                if previous is None
                else "up"
                if risk.current_score > previous
                else "down"
                if risk.current_score < previous
                else "same",
                "target": risk.target_score,
                "response": risk.get_response_display(),
                "controls": risk.controls,
                "escalated": risk.escalation_id is not None,
            }
        )
    return {"count": len(risks), "top": top, "heat_map": risk_matrix.heat_map(cells)}


def _dependencies(programme, projects, month) -> list[dict]:
    ids = {p.pk for p in projects}
    due = Dependency.objects.filter(programme=programme).filter(
        Q(status=DependencyStatus.BROKEN)
        | Q(
            status__in=[DependencyStatus.REQUESTED, DependencyStatus.CONFIRMED],
            needed_by__lte=_month_end(month) + DEPENDENCIES_DUE_WITHIN,
        )
    )
    due = due.select_related("giver", "receiver", "giving_project", "receiving_project")
    return [
        {
            "description": d.description,
            "giver": d.giver.name,
            "receiver": d.receiver.name,
            "needed_by": d.needed_by.isoformat(),
            "committed_by": d.committed_by.isoformat() if d.committed_by else None,
            "status": d.status,
        }
        for d in due.order_by("needed_by")
        if all(p is None or p in ids for p in (d.giving_project_id, d.receiving_project_id))
    ]


def _exceptions(projects, month) -> list[dict]:
    reports = ExceptionReport.objects.filter(
        monthly_return__project__in=projects, monthly_return__round__month=month
    ).select_related("monthly_return__project", "escalation")
    return [
        {
            "project": e.monthly_return.project.reference,
            "cause": e.cause,
            "consequences": e.consequences,
            "options": e.options,
            "recommendation": e.recommendation,
            "escalation_status": e.escalation.status if e.escalation else None,
            "response": e.escalation.response if e.escalation else "",
        }
        for e in reports
    ]


def _governance(viewer, programme, month) -> dict:
    bodies = [programme.board_id, programme.board.reports_to_id, programme.reports_agreed_by_id]
    end = _month_end(month)
    decisions = governance_access.visible_decisions(viewer).filter(
        body_id__in=[b for b in bodies if b], decided_on__gte=month, decided_on__lte=end
    )
    recommendations = (
        governance_access.visible_recommendations(viewer)
        .filter(body_id__in=[b for b in bodies if b], issued_at__date__lte=end)
        .select_related("body")
        .prefetch_related("addressees__organisation", responses_prefetch())
        .order_by("-issued_at")
    )
    escalations = governance_access.visible_escalations(viewer).filter(
        to_body_id__in=[b for b in bodies if b], raised_on__lte=end
    )
    escalations = escalations.exclude(status=EscalationStatus.RESOLVED, resolved_on__lt=month)
    return {
        "decisions_taken": [
            {"reference": d.reference, "title": d.title, "decided_on": d.decided_on.isoformat()}
            for d in decisions.order_by("decided_on")
        ],
        "recommendations": _recommendations(viewer, list(recommendations)),
        "escalations": [
            {
                "subject": e.subject,
                "from": e.from_body.name,
                "to": e.to_body.name,
                "due_by": e.due_by.isoformat(),
                "status": e.status,
                "response": e.response,
            }
            for e in escalations.select_related("from_body", "to_body").order_by("due_by")
        ],
    }


def _recommendations(viewer, recommendations) -> list[dict]:
    """The recommendations tracker: each partner's ratification, naming only the organisations
    the reader may see."""
    addressed = {a.organisation_id for r in recommendations for a in r.addressees.all()}
    shown = set(
        Organisation.objects.visible_to(viewer)
        .filter(pk__in=addressed)
        .values_list("pk", flat=True)
    )
    rows = []
    for recommendation in recommendations:
        for addressee in recommendation.addressees.all():
            addressee.organisation_shown = addressee.organisation_id in shown
        state = consolidated_state(recommendation)
        rows.append(
            {
                "reference": recommendation.reference,
                "title": recommendation.title,
                "body": recommendation.body.name,
                "summary": state.summary,
                "responses": [
                    {"organisation": s.name, "status": s.status} for s in state.standings
                ],
            }
        )
    return rows


def _response_label(status: str) -> str:
    return ResponseStatus(status).label if status in ResponseStatus.values else "Awaiting"


def _path_to_green(workstreams, risks) -> list[dict]:
    items = []
    for workstream in workstreams:
        for project in workstream["projects"]:
            latest = project["latest"]
            if latest and latest["overall"] in {"amber", "red"}:
                actions = [
                    f"{Dimension(d).label}: {row['commentary'] or 'no commentary given'}"
                    for d, row in latest["dimensions"].items()
                    if row["status"] != "green"
                ]
                items.append(
                    {
                        "item": f"{project['reference']} {project['name']}",
                        "status": latest["overall"],
                        "path": latest["confidence_narrative"],
                        "actions": actions,
                    }
                )
    for risk in risks["top"]:
        if risk["grade"] in {"high", "extreme"}:
            items.append(
                {
                    "item": f"Risk {risk['reference']} {risk['title']}",
                    "status": "red" if risk["grade"] == "extreme" else "amber",
                    "path": f"{risk['response']}: {risk['controls']}",
                    "actions": [f"Target score {risk['target']}"],
                }
            )
    return items


def assemble_monthly(report: Report, viewer: Viewer = PARTNERSHIP_READER) -> dict:
    """Every section of the monthly programme report for `report.month`, as `viewer` may read
    it."""
    programme, month = report.programme, report.month
    months = _months_back(month, TREND_MONTHS)
    projects = _projects(viewer, programme)
    returns = _returns_by_project(projects, months)
    workstreams = _workstreams(projects, returns, months)
    risks = _risks(viewer, programme, month)
    latest = [returns.get(p.pk, {}).get(month) for p in projects]
    return {
        "kind": "monthly",
        "title": report.title,
        "programme": programme.name,
        "month": month.isoformat(),
        "asks_of_board": report.asks_of_board,
        "agreed_by": report.agreed_by.name,
        "summary": {
            "projects": len(projects),
            "returns_submitted": sum(1 for r in latest if r is not None),
            "by_status": {
                status: sum(1 for r in latest if r and r.overall_status == status)
                for status in ("green", "amber", "red")
            },
        },
        "workstreams": workstreams,
        "trend_months": [m.isoformat() for m in months],
        "milestones": _milestones(projects, month),
        "finance": _finance(projects, month),
        "benefits": _benefits(projects, month),
        "risks": risks,
        "dependencies": _dependencies(programme, projects, month),
        "exceptions": _exceptions(projects, month),
        "decisions_required": [
            {"project": p.reference, "decision": r.decisions_needed}
            for p, r in zip(projects, latest, strict=True)
            if r is not None and r.decisions_needed.strip()
        ],
        **_governance(viewer, programme, month),
        "path_to_green": _path_to_green(workstreams, risks),
        "assurance": _assurance(projects),
    }


def _assurance(projects) -> list[dict]:
    """The service user advisory council's latest view of every project in the report."""
    from joinedup.engagement.queries import assurance_statuses  # engagement reads programme

    statuses = assurance_statuses(projects)
    return [{"project": p.reference, "name": p.name, **statuses[p.reference]} for p in projects]


def assemble_tranche(report: Report, viewer: Viewer = PARTNERSHIP_READER) -> dict:
    """Progress against the tranche's frozen targets, with variance and narrative."""
    tranche = report.tranche
    targets = tranche.targets.prefetch_related("rebaselines")
    return {
        "kind": "tranche",
        "title": report.title,
        "programme": report.programme.name,
        "tranche": str(tranche),
        "from": tranche.starts_on.isoformat(),
        "to": tranche.ends_on.isoformat(),
        "asks_of_board": report.asks_of_board,
        "agreed_by": report.agreed_by.name,
        "targets": [
            {
                "description": t.description,
                "measure": t.measure,
                "target": str(t.target_value),
                "unit": t.unit,
                "due_on": t.due_on.isoformat(),
                "achieved": str(t.achieved_value) if t.achieved_value is not None else None,
                "variance": str(t.achieved_value - t.target_value)
                if t.achieved_value is not None
                else None,
                "narrative": t.narrative,
                "rebaselines": [
                    {"reason": r.reason, "previous": r.previous, "new": r.new}
                    for r in t.rebaselines.all()
                ],
            }
            for t in targets
        ],
    }


def assemble(report: Report, viewer: Viewer = PARTNERSHIP_READER) -> dict:
    if report.kind == "tranche":
        return assemble_tranche(report, viewer)
    return assemble_monthly(report, viewer)


def content_for(report: Report, viewer: Viewer) -> dict:
    """What this viewer reads: a published report as frozen, a draft as it stands now."""
    if report.status == ReportStatus.PUBLISHED:
        return report.content if access.sees_full_report(viewer, report) else report.public_content
    return assemble(report)


@transaction.atomic
def publish(*, report: Report, at: datetime | None = None, by=None) -> Report:
    """Freeze the agreed report's content, as partners and as the public read it, and publish."""
    return services.move_report(
        report=report, to=ReportStatus.PUBLISHED, content=assemble(report),
        public_content=assemble(report, ANONYMOUS), at=at, by=by,
    )  # fmt: skip
