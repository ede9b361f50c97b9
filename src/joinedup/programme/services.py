"""Writes to the programme: its structure, the monthly returns, RAID, finance, benefits and
reports. Each is one transaction with an audit entry, and each refuses, with a message and no
change, what the programme's rules do not allow. `by` is the acting user."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import audit, concurrency
from joinedup.core.models import Person
from joinedup.core.rules import refuse
from joinedup.governance import services as governance

from . import risk_matrix, tolerances
from .choices import (
    ATTESTING_ROLE,
    PROJECT_TRANSITIONS,
    REPORT_TRANSITIONS,
    THREE_POINT,
    AskStatus,
    ConfidenceScale,
    DependencyStatus,
    Dimension,
    ProjectRole,
    ReportStatus,
    ReturnStatus,
    RiskLevel,
)
from .models import (
    Ask,
    Assumption,
    Attestation,
    Benefit,
    BenefitProfile,
    Challenge,
    Dependency,
    DimensionStatus,
    ExceptionReport,
    FinanceLine,
    FundingSource,
    Issue,
    Milestone,
    MonthlyReturn,
    Programme,
    Project,
    ProjectRoleAssignment,
    Rebaseline,
    Report,
    ReturnReminder,
    ReturnRound,
    Risk,
    RiskAppetite,
    RiskAssessment,
    Tolerance,
    Tranche,
    TrancheTarget,
    Workstream,
)


def _person(user) -> Person | None:
    return None if user is None else Person.objects.filter(user=user).first()


def _holds_role(project, role: ProjectRole, user) -> bool:
    person = _person(user)
    return person is not None and project.roles.filter(role=role, person=person).exists()


def _when(at: datetime | None) -> datetime:
    """When an act happened: now, or an earlier time for a record entered after the fact."""
    now = timezone.now()
    if at is not None and at > now:
        refuse("That cannot be recorded as happening in the future.")
    return at or now


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


# Structure -----------------------------------------------------------------------------------


@transaction.atomic
def create_programme(*, name, board, reports_agreed_by, description="", by=None, **settings):
    if settings.get("risk_grades"):
        try:
            risk_matrix.check_grades(settings["risk_grades"])
        except risk_matrix.RiskScoreError as error:
            refuse(str(error), "risk_grades")
    programme = Programme.objects.create(
        name=name, slug=slugify(name), board=board, reports_agreed_by=reports_agreed_by,
        description=description, **settings,
    )  # fmt: skip
    audit.record(action="programme.created", by=by, obj=programme)
    return programme


@transaction.atomic
def add_tranche(*, programme, number, name, starts_on, ends_on, by=None) -> Tranche:
    if ends_on <= starts_on:
        refuse("A tranche ends after it starts.", "ends_on")
    tranche = Tranche.objects.create(
        programme=programme, number=number, name=name, starts_on=starts_on, ends_on=ends_on
    )
    audit.record(action="tranche.added", by=by, obj=tranche)
    return tranche


@transaction.atomic
def add_tranche_target(*, tranche, by=None, **values) -> TrancheTarget:
    if tranche.frozen_on:
        refuse(f"{tranche} is frozen: its targets can only be re-baselined.")
    target = TrancheTarget.objects.create(tranche=tranche, **values)
    audit.record(action="tranche_target.added", by=by, obj=target)
    return target


@transaction.atomic
def add_workstream(*, programme, name, board, description="", by=None) -> Workstream:
    if board.reports_to_id != programme.board_id:
        refuse(f"A workstream's board reports to {programme.board}.", "board")
    workstream = Workstream.objects.create(
        programme=programme, name=name, slug=slugify(name), board=board, description=description
    )
    audit.record(action="workstream.added", by=by, obj=workstream)
    return workstream


@transaction.atomic
def create_project(
    *, workstream, name, reference, lead_organisation, partners=(), budget=Decimal(0),
    starts_on=None, ends_on=None, description="", visibility="public", synthetic=False, by=None,
) -> Project:  # fmt: skip
    if starts_on and ends_on and ends_on <= starts_on:
        refuse("A project ends after it starts.", "ends_on")
    project = Project.objects.create(
        workstream=workstream, name=name, reference=reference, slug=slugify(f"{reference}-{name}"),
        lead_organisation=lead_organisation, budget=budget, starts_on=starts_on, ends_on=ends_on,
        description=description, visibility=visibility, synthetic=synthetic,
    )  # fmt: skip
    project.partners.set(partners)
    audit.record(action="project.created", by=by, obj=project, data={"reference": reference})
    return project


@transaction.atomic
def assign_project_role(*, project, role: ProjectRole, person, by=None) -> ProjectRoleAssignment:
    """Name the person in a project role, replacing whoever held it."""
    if person.organisation_id is None:
        refuse("Project roles are held by people of partner organisations.", "person")
    assignment, _ = ProjectRoleAssignment.objects.update_or_create(
        project=project, role=role, defaults={"person": person}
    )
    audit.record(
        action="project.role_assigned", by=by, obj=project,
        data={"role": str(role), "person": str(person.pk)},
    )  # fmt: skip
    return assignment


@transaction.atomic
def move_project(*, project, to, by=None) -> Project:
    if to not in PROJECT_TRANSITIONS[project.status]:
        refuse(f"A project cannot move from {project.get_status_display()} to {to.label}.")
    previous, project.status = project.status, to
    project.save(update_fields=["status"])
    audit.record(action="project.moved", by=by, obj=project, data={"from": previous, "to": to})
    return project


@transaction.atomic
def add_milestone(*, project, title, baseline_on, forecast_on=None, is_key=False, by=None):
    milestone = Milestone.objects.create(
        project=project, title=title, baseline_on=baseline_on,
        forecast_on=forecast_on or baseline_on, is_key=is_key,
    )  # fmt: skip
    audit.record(action="milestone.added", by=by, obj=milestone, data={"title": title})
    return milestone


@transaction.atomic
def update_milestone(*, milestone, forecast_on=None, actual_on=None, today=None, by=None):
    """Move a milestone's forecast or record its actual date. A slip flags every benefit the
    milestone enables for re-forecast."""
    today = today or timezone.localdate()
    if actual_on and actual_on > today:
        refuse("A milestone cannot have been met in the future.", "actual_on")
    slipped = forecast_on is not None and forecast_on > milestone.forecast_on
    if forecast_on is not None:
        milestone.forecast_on = forecast_on
    if actual_on is not None:
        slipped = slipped or actual_on > milestone.forecast_on
        milestone.actual_on = actual_on
    milestone.save(update_fields=["forecast_on", "actual_on"])
    if slipped:
        milestone.benefits.update(
            needs_reforecast=True,
            reforecast_reason=f"Enabling milestone “{milestone.title}” slipped to "
            f"{(milestone.actual_on or milestone.forecast_on):%d %B %Y}.",
        )
    audit.record(
        action="milestone.updated", by=by, obj=milestone,
        data={"forecast_on": str(milestone.forecast_on), "actual_on": str(actual_on or "")},
    )  # fmt: skip
    return milestone


@transaction.atomic
def set_tolerance(*, programme, dimension: Dimension, limit: Decimal, project=None, by=None):
    if limit < 0:
        refuse("A tolerance cannot be negative.", "limit")
    tolerance, _ = Tolerance.objects.update_or_create(
        programme=programme, project=project, dimension=dimension, defaults={"limit": limit}
    )
    audit.record(
        action="tolerance.set", by=by, obj=programme,
        data={"dimension": str(dimension), "limit": str(limit), "project": str(project or "")},
    )  # fmt: skip
    return tolerance


@transaction.atomic
def freeze_tranche(*, tranche, on: date, by=None):
    if tranche.frozen_on:
        refuse(f"{tranche} was frozen on {tranche.frozen_on:%d %B %Y}.")
    tranche.frozen_on = on
    tranche.save(update_fields=["frozen_on"])
    audit.record(action="tranche.frozen", by=by, obj=tranche)
    return tranche


TARGET_FIELDS = ("description", "measure", "target_value", "unit", "due_on")


@transaction.atomic
def change_tranche_target(*, target: TrancheTarget, reason="", by=None, **changes):
    """Change a target. Once its tranche has frozen, the change is a re-baseline and needs a
    reason; the previous values are kept."""
    unknown = set(changes) - set(TARGET_FIELDS)
    if unknown:
        refuse(f"A target has no {', '.join(sorted(unknown))}.")
    frozen = target.tranche.frozen_on is not None
    if frozen and not reason.strip():
        refuse("The tranche's targets are frozen: give the reason for re-baselining.", "reason")
    previous = {field: str(getattr(target, field)) for field in changes}
    for field, value in changes.items():
        setattr(target, field, value)
    target.save(update_fields=list(changes))
    if frozen:
        Rebaseline.objects.create(
            target=target, previous=previous, new={k: str(v) for k, v in changes.items()},
            reason=reason, by=_person(by), at=timezone.now(),
        )  # fmt: skip
    audit.record(
        action="tranche_target.rebaselined" if frozen else "tranche_target.changed",
        by=by, obj=target, data={"previous": previous, "reason": reason},
    )  # fmt: skip
    return target


# The monthly return -----------------------------------------------------------------------


@transaction.atomic
def issue_return_round(
    *, programme, month: date, due_on: date, at: datetime | None = None, by=None
) -> ReturnRound:
    """Issue the standard return to every project of the programme for one month."""
    month = _first_of_month(month)
    if due_on < month:
        refuse("The return is due after the month it reports on begins.", "due_on")
    if ReturnRound.objects.filter(programme=programme, month=month).exists():
        refuse(f"The return for {month:%B %Y} has already been issued.", "month")
    issued = ReturnRound.objects.create(
        programme=programme, month=month, due_on=due_on, issued_at=_when(at),
        issued_by=_person(by),
    )  # fmt: skip
    audit.record(action="return_round.issued", by=by, obj=issued, data={"month": str(month)})
    return issued


RETURN_TEXT_FIELDS = (
    "confidence",
    "confidence_narrative",
    "progress",
    "resources_used",
    "spend_to_date",
    "achievements",
    "next_milestones",
    "decisions_needed",
    "overall_override_reason",
)


@transaction.atomic
def save_return_draft(
    *, round, project, by, based_on: str | None = None, **fields
) -> MonthlyReturn:
    """The project manager drafts the project's return; a submitted return cannot change.
    From the form, `based_on` is the version of the draft it was drawn from."""
    unknown = set(fields) - set(RETURN_TEXT_FIELDS)
    if unknown:
        refuse(f"A return has no {', '.join(sorted(unknown))}.")
    if not _holds_role(project, ProjectRole.PROJECT_MANAGER, by):
        refuse("Only the project's project manager drafts its return.")
    # One writer of a project's returns at a time, so that two first drafts (or a draft and a
    # submission) cannot race: the second waits, then sees what the first stored.
    Project.objects.select_for_update().get(pk=project.pk)
    existing = MonthlyReturn.objects.filter(round=round, project=project).first()
    if existing and existing.is_submitted:
        refuse(f"The return for {round.month:%B %Y} has already been submitted.")
    concurrency.refuse_if_changed(existing, based_on, what=f"the {round.month:%B %Y} return")
    draft = existing or MonthlyReturn(round=round, project=project, drafted_by=_person(by))
    for field, value in fields.items():
        setattr(draft, field, value)
    draft.save()
    audit.record(action="return.drafted", by=by, obj=draft)
    return draft


def _tolerance_limits(programme, project) -> dict[str, Decimal]:
    limits = {}
    for tolerance in Tolerance.objects.filter(programme=programme, project__isnull=True):
        limits[tolerance.dimension] = tolerance.limit
    for tolerance in Tolerance.objects.filter(programme=programme, project=project):
        limits[tolerance.dimension] = tolerance.limit
    return limits


def _check_confidence(monthly_return, programme) -> None:
    if not monthly_return.confidence:
        refuse("Give the delivery confidence.", "confidence")
    scale = programme.confidence_scale
    if scale == ConfidenceScale.THREE_POINT and monthly_return.confidence not in THREE_POINT:
        refuse("This programme rates delivery confidence green, amber or red.", "confidence")
    if not monthly_return.confidence_narrative.strip():
        refuse("Explain the delivery confidence.", "confidence_narrative")


def _derive_dimensions(monthly_return, forecasts, limits, amber_share) -> list[DimensionStatus]:
    missing = [d.label for d in Dimension if d not in forecasts]
    if missing:
        refuse(f"Give the forecast for every dimension; missing: {', '.join(missing)}.")
    if missing := [d.label for d in Dimension if d not in limits]:
        refuse(f"The programme has no tolerance set for: {', '.join(missing)}.")
    rows = []
    for dimension in Dimension:
        forecast = forecasts[dimension]
        status = tolerances.dimension_status(
            forecast_deviation=Decimal(forecast["deviation"]), tolerance=limits[dimension],
            needs_action=forecast.get("needs_action", False), amber_share=amber_share,
        )  # fmt: skip
        rows.append(
            DimensionStatus(
                monthly_return=monthly_return,
                dimension=dimension,
                forecast_deviation=forecast["deviation"],
                tolerance=limits[dimension],
                needs_action=forecast.get("needs_action", False),
                status=status,
                commentary=forecast.get("commentary", ""),
            )  # fmt: skip
        )
    return rows


EXCEPTION_FIELDS = ("cause", "consequences", "options", "recommendation")
EXCEPTION_RESPONSE_TIME = timedelta(days=14)


@transaction.atomic
def submit_return(
    *, monthly_return, forecasts: dict, overall_status=None, exception: dict | None = None,
    at: datetime | None = None, by,
) -> MonthlyReturn:  # fmt: skip
    """Submit a drafted return. Each dimension's status derives from its forecast against the
    tolerance; overall is the worst unless overridden with a reason; any red dimension needs an
    exception report, which is escalated to the programme board."""
    monthly_return = MonthlyReturn.objects.select_for_update().get(pk=monthly_return.pk)
    project, round = monthly_return.project, monthly_return.round
    programme = round.programme
    if monthly_return.is_submitted:
        refuse(f"The return for {round.month:%B %Y} has already been submitted.")
    if not _holds_role(project, ProjectRole.PROJECT_MANAGER, by):
        refuse("Only the project's project manager submits its return.")
    _check_confidence(monthly_return, programme)
    limits = _tolerance_limits(programme, project)
    dimensions = _derive_dimensions(monthly_return, forecasts, limits, programme.amber_share)
    derived = tolerances.worst(row.status for row in dimensions)
    overall = overall_status or derived
    if overall != derived and not monthly_return.overall_override_reason.strip():
        refuse(
            f"The worst dimension is {derived}: give the reason for reporting {overall} overall.",
            "overall_override_reason",
        )
    breached = [row for row in dimensions if row.status == tolerances.Rag.RED]
    if breached and not all((exception or {}).get(f, "").strip() for f in EXCEPTION_FIELDS):
        names = ", ".join(row.get_dimension_display().lower() for row in breached)
        refuse(
            f"The forecast breaches the {names} tolerance: complete the exception report "
            "(cause, consequences, options and recommendation).",
            "cause",
        )
    DimensionStatus.objects.bulk_create(dimensions)
    monthly_return.overall_status = overall
    monthly_return.status = ReturnStatus.SUBMITTED
    monthly_return.submitted_by, monthly_return.submitted_at = _person(by), _when(at)
    monthly_return.save()
    if breached:
        _raise_exception(monthly_return, breached, exception, by)
    audit.record(
        action="return.submitted", by=by, obj=monthly_return,
        data={"overall": overall, "dimensions": {r.dimension: r.status for r in dimensions}},
    )  # fmt: skip
    return monthly_return


def _raise_exception(monthly_return, breached, exception, by) -> ExceptionReport:
    project = monthly_return.project
    names = ", ".join(row.get_dimension_display().lower() for row in breached)
    raised_on = timezone.localdate(monthly_return.submitted_at)
    escalation = governance.raise_escalation(
        from_body=project.workstream.board,
        subject=f"Exception report: {project.name} forecasts a breach of {names} tolerance",
        detail=f"Cause: {exception['cause']}\n\nConsequences: {exception['consequences']}\n\n"
        f"Options: {exception['options']}",
        decision_requested=exception["recommendation"],
        due_by=raised_on + EXCEPTION_RESPONSE_TIME,
        raised_on=raised_on,
        by=by,
    )
    return ExceptionReport.objects.create(
        monthly_return=monthly_return, escalation=escalation,
        **{field: exception[field] for field in EXCEPTION_FIELDS},
    )  # fmt: skip


@transaction.atomic
def send_reminders(*, round, rows, by=None) -> list[ReturnReminder]:
    """Remind the project manager of each late or missing return (the rows of the tracker)."""
    sent = []
    for row in rows:
        if not row.needs_reminder or row.manager is None or not row.manager.email:
            continue
        send_mail(
            subject=f"Your monthly return for {round.month:%B %Y} is due",
            message=f"The monthly return for {row.project.name} was due on "
            f"{round.due_on:%d %B %Y}. Please complete and submit it.",
            from_email=None,
            recipient_list=[row.manager.email],
        )
        sent.append(
            ReturnReminder.objects.create(
                round=round,
                project=row.project,
                sent_to=row.manager,
                sent_at=timezone.now(),
                sent_by=_person(by),
            )  # fmt: skip
        )
    audit.record(action="return.reminders_sent", by=by, obj=round, data={"count": len(sent)})
    return sent


@transaction.atomic
def attest_return(*, monthly_return, part, statement="", at=None, by) -> Attestation:
    """The clinical lead or finance representative vouches for their part of a return."""
    if not monthly_return.is_submitted:
        refuse("A return is attested after it is submitted.")
    role = ATTESTING_ROLE[part]
    if not _holds_role(monthly_return.project, role, by):
        refuse(f"Only the project's {role.label.lower()} attests this part of the return.")
    if monthly_return.attestations.filter(part=part).exists():
        refuse("That part of the return has already been attested.")
    attestation = Attestation.objects.create(
        monthly_return=monthly_return, part=part, person=_person(by), statement=statement,
        at=_when(at),
    )  # fmt: skip
    audit.record(action="return.attested", by=by, obj=monthly_return, data={"part": str(part)})
    return attestation


# RAID ------------------------------------------------------------------------------------------

SCORES = ("inherent", "current", "target")


def _check_scores(values: dict) -> None:
    for kind in SCORES:
        for axis in ("likelihood", "consequence"):
            value = values[f"{kind}_{axis}"]
            if not isinstance(value, int) or not 1 <= value <= 5:
                refuse(f"The {kind} {axis} must be a whole number from 1 to 5.", f"{kind}_{axis}")


def tolerance_for(risk) -> int | None:
    """The tolerance score of the risk's level: the holding organisation's own appetite where
    one is set and lower, otherwise the partnership's."""
    appetites = RiskAppetite.objects.filter(
        programme=risk.programme, category=risk.category, level=risk.level
    )
    scores = [
        a.tolerance_score
        for a in appetites
        if a.organisation_id is None or a.organisation_id in {o.pk for o in risk.holders.all()}
    ]
    return min(scores, default=None)


ESCALATES_FROM = {
    RiskLevel.PROJECT: lambda risk: risk.project.workstream.board,
    RiskLevel.WORKSTREAM: lambda risk: risk.workstream.board,
    RiskLevel.PROGRAMME: lambda risk: risk.programme.board,
}


def _escalate_if_beyond_tolerance(risk, by, on: date) -> None:
    tolerance = tolerance_for(risk)
    if tolerance is None or risk.current_score <= tolerance or risk.escalation_id:
        return
    board = ESCALATES_FROM[risk.level](risk)
    risk.escalation = governance.raise_escalation(
        from_body=board,
        subject=f"Risk {risk.reference} scores {risk.current_score}, beyond the tolerance of "
        f"{tolerance} for {risk.get_category_display().lower()} risk",
        detail=f"Cause: {risk.cause}\n\nEvent: {risk.event}\n\nEffect: {risk.effect}",
        decision_requested="Agree the response to this risk, or accept it at this level.",
        due_by=max(risk.review_on, on + EXCEPTION_RESPONSE_TIME),
        raised_on=on,
        by=by,
    )
    risk.save(update_fields=["escalation"])


def _check_level(values: dict) -> None:
    level = values["level"]
    if level == RiskLevel.PROJECT and not values.get("project"):
        refuse("A project risk names its project.", "project")
    if level == RiskLevel.WORKSTREAM and not values.get("workstream"):
        refuse("A workstream risk names its workstream.", "workstream")


@transaction.atomic
def record_risk(*, programme, reference, holders, at=None, by=None, **values) -> Risk:
    """Add a risk to the register, with exactly one owner and at least one holding partner."""
    _check_scores(values)
    _check_level(values)
    if not holders:
        refuse("Name the organisations that hold or share the risk.", "holders")
    risk = Risk.objects.create(programme=programme, reference=reference, **values)
    risk.holders.set(holders)
    risk.refresh_from_db()
    assessed = RiskAssessment.objects.create(
        risk=risk, likelihood=risk.current_likelihood, consequence=risk.current_consequence,
        score=risk.current_score, note="Recorded.", by=_person(by), at=_when(at),
    )  # fmt: skip
    _escalate_if_beyond_tolerance(risk, by, on=timezone.localdate(assessed.at))
    audit.record(action="risk.recorded", by=by, obj=risk, data={"score": risk.current_score})
    return risk


@transaction.atomic
def reassess_risk(
    *, risk, likelihood: int, consequence: int, note="", review_on=None, at=None, by=None,
    based_on: str | None = None,
) -> Risk:  # fmt: skip
    """Score a risk's current position again; a score beyond its level's tolerance escalates.
    From a form, `based_on` is the version of the risk it was drawn from (an edit conflict)."""
    try:
        score = risk_matrix.score(likelihood, consequence)
    except risk_matrix.RiskScoreError as error:
        refuse(str(error))
    current = Risk.objects.select_for_update().get(pk=risk.pk)
    concurrency.refuse_if_changed(current, based_on, what=f"risk {risk.reference}")
    risk.current_likelihood, risk.current_consequence = likelihood, consequence
    if review_on is not None:
        risk.review_on = review_on
    risk.save(update_fields=["current_likelihood", "current_consequence", "review_on"])
    risk.refresh_from_db()
    RiskAssessment.objects.create(
        risk=risk, likelihood=likelihood, consequence=consequence, score=score, note=note,
        by=_person(by), at=_when(at),
    )  # fmt: skip
    _escalate_if_beyond_tolerance(risk, by, on=timezone.localdate(_when(at)))
    audit.record(action="risk.reassessed", by=by, obj=risk, data={"score": score})
    return risk


@transaction.atomic
def set_appetite(*, programme, category, level, tolerance_score: int, organisation=None, by=None):
    if not 1 <= tolerance_score <= 25:
        refuse("A tolerance score is from 1 to 25.", "tolerance_score")
    appetite, _ = RiskAppetite.objects.update_or_create(
        programme=programme, category=category, level=level, organisation=organisation,
        defaults={"tolerance_score": tolerance_score},
    )  # fmt: skip
    audit.record(
        action="risk_appetite.set", by=by, obj=programme,
        data={"category": str(category), "level": str(level), "score": tolerance_score},
    )  # fmt: skip
    return appetite


@transaction.atomic
def record_dependency(*, programme, description, giver, receiver, needed_by, by=None, **links):
    if giver == receiver and not (links.get("giving_project") or links.get("receiving_project")):
        refuse("A dependency between partners has a different giver and receiver.", "receiver")
    dependency = Dependency.objects.create(
        programme=programme, description=description, giver=giver, receiver=receiver,
        needed_by=needed_by, **links,
    )  # fmt: skip
    audit.record(action="dependency.recorded", by=by, obj=dependency)
    return dependency


@transaction.atomic
def confirm_dependency(*, dependency, committed_by: date, by) -> Dependency:
    """The giving organisation commits to a date."""
    person = _person(by)
    if person is None or person.organisation_id != dependency.giver_id:
        refuse(f"Only someone of {dependency.giver} confirms what it will give.")
    dependency.committed_by, dependency.confirmed_by = committed_by, person
    dependency.status = DependencyStatus.CONFIRMED
    dependency.save(update_fields=["committed_by", "confirmed_by", "status"])
    audit.record(action="dependency.confirmed", by=by, obj=dependency)
    return dependency


@transaction.atomic
def raise_issue(*, project, title, description, owner, raised_on, by=None) -> Issue:
    issue = Issue.objects.create(
        project=project, title=title, description=description, owner=owner, raised_on=raised_on
    )
    audit.record(action="issue.raised", by=by, obj=issue)
    return issue


@transaction.atomic
def record_assumption(*, project, text, owner, check_by, by=None) -> Assumption:
    assumption = Assumption.objects.create(
        project=project, text=text, owner=owner, check_by=check_by
    )
    audit.record(action="assumption.recorded", by=by, obj=assumption)
    return assumption


@transaction.atomic
def ask_partner(*, programme, to_organisation, what, by_when, by, project=None) -> Ask:
    ask = Ask.objects.create(
        programme=programme, project=project, to_organisation=to_organisation, what=what,
        by_when=by_when, asked_by=_person(by),
    )  # fmt: skip
    audit.record(action="ask.made", by=by, obj=ask, data={"to": str(to_organisation.pk)})
    return ask


@transaction.atomic
def challenge_project(*, project, text, raised_on, meeting=None, by=None) -> Challenge:
    """The programme board challenges a project's non-delivery, at one of its meetings."""
    if meeting is not None and meeting.body_id != project.workstream.programme.board_id:
        refuse("A challenge is raised at a meeting of the programme board.", "meeting")
    challenge = Challenge.objects.create(
        project=project, text=text, raised_on=raised_on, meeting=meeting
    )
    audit.record(action="challenge.raised", by=by, obj=challenge)
    return challenge


@transaction.atomic
def answer_ask(*, ask, agreed: bool, response: str, on: date, by) -> Ask:
    person = _person(by)
    if person is None or person.organisation_id != ask.to_organisation_id:
        refuse(f"Only someone of {ask.to_organisation} answers what was asked of it.")
    if ask.status != AskStatus.OPEN:
        refuse("This ask has already been answered.")
    ask.status = AskStatus.AGREED if agreed else AskStatus.DECLINED
    ask.response, ask.responded_on = response, on
    ask.save(update_fields=["status", "response", "responded_on"])
    audit.record(action="ask.answered", by=by, obj=ask, data={"status": ask.status})
    return ask


@transaction.atomic
def reply_to_challenge(*, challenge, reply: str, on: date, by) -> Challenge:
    if not reply.strip():
        refuse("Write the reply.", "reply")
    if on < challenge.raised_on:
        refuse("The reply cannot come before the challenge.", "on")
    challenge.reply, challenge.replied_on = reply, on
    challenge.save(update_fields=["reply", "replied_on"])
    audit.record(action="challenge.replied", by=by, obj=challenge)
    return challenge


# Finance and benefits ---------------------------------------------------------------------


@transaction.atomic
def add_funding_source(*, programme, name, provided_by, held_by, arrangement, by=None):
    source = FundingSource.objects.create(
        programme=programme, name=name, provided_by=provided_by, held_by=held_by,
        arrangement=arrangement,
    )  # fmt: skip
    audit.record(action="funding_source.added", by=by, obj=source)
    return source


@transaction.atomic
def record_finance(*, project, month, source, budget, forecast, actual=None, by=None):
    if min(budget, forecast, actual if actual is not None else 0) < 0:
        refuse("Budget, forecast and actual are amounts of money, not negative.")
    line, _ = FinanceLine.objects.update_or_create(
        project=project, month=_first_of_month(month), source=source,
        defaults={"budget": budget, "forecast": forecast, "actual": actual},
    )  # fmt: skip
    audit.record(action="finance.recorded", by=by, obj=project, data={"month": str(month)})
    return line


@transaction.atomic
def record_benefit_profile(*, benefit, month, target, forecast, actual=None, by=None):
    profile, _ = BenefitProfile.objects.update_or_create(
        benefit=benefit, month=_first_of_month(month),
        defaults={"target": target, "forecast": forecast, "actual": actual},
    )  # fmt: skip
    if benefit.needs_reforecast:
        benefit.needs_reforecast, benefit.reforecast_reason = False, ""
        benefit.save(update_fields=["needs_reforecast", "reforecast_reason"])
    audit.record(action="benefit.profiled", by=by, obj=benefit, data={"month": str(month)})
    return profile


@transaction.atomic
def define_benefit(*, project, enabled_by=(), by=None, **values) -> Benefit:
    benefit = Benefit.objects.create(project=project, **values)
    benefit.enabled_by.set(enabled_by)
    audit.record(action="benefit.defined", by=by, obj=benefit)
    return benefit


# Reports ------------------------------------------------------------------------------------


@transaction.atomic
def draft_report(*, programme, kind, title, asks_of_board, month=None, tranche=None, by=None):
    report = Report.objects.create(
        programme=programme, kind=kind, title=title, asks_of_board=asks_of_board,
        month=_first_of_month(month) if month else None, tranche=tranche,
        agreed_by=programme.reports_agreed_by,
    )  # fmt: skip
    audit.record(action="report.drafted", by=by, obj=report)
    return report


@transaction.atomic
def move_report(
    *, report, to: ReportStatus, meeting=None, content=None, public_content=None,
    at: datetime | None = None, by=None,
) -> Report:  # fmt: skip
    """Move a report along draft → consolidated → agreed → published. Agreement is recorded at
    a meeting of the agreeing body; publication freezes the content, which never changes."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if to not in REPORT_TRANSITIONS[report.status]:
        refuse(f"A report that is {report.get_status_display().lower()} cannot become {to.label}.")
    if to == ReportStatus.AGREED:
        if meeting is None or meeting.body_id != report.agreed_by_id:
            refuse(f"The report is agreed at a meeting of {report.agreed_by}.", "meeting")
        report.agreed_at_meeting = meeting
    if to == ReportStatus.PUBLISHED:
        if content is None or public_content is None:
            refuse("Publishing freezes the report's content: it must be given.")
        report.content, report.public_content = content, public_content
        report.published_at = at or timezone.now()
    report.status = to
    report.save()
    audit.record(action=f"report.{to}", by=by, obj=report)
    return report


# For the API (added with programme/api.py) ---------------------------------------------------


@transaction.atomic
def file_return(
    *, project, month: date, forecasts: dict, overall_status=None, exception: dict | None = None,
    by, **fields,
) -> MonthlyReturn:  # fmt: skip
    """Draft and submit a project's return for a month in one step. If the submission is
    refused, the draft is left as it was."""
    month = _first_of_month(month)
    round = ReturnRound.objects.filter(programme=project.workstream.programme, month=month).first()
    if round is None:
        refuse(f"No return has been issued for {month:%B %Y}.", "month")
    draft = save_return_draft(round=round, project=project, by=by, **fields)
    return submit_return(
        monthly_return=draft, forecasts=forecasts, overall_status=overall_status,
        exception=exception, by=by,
    )  # fmt: skip


# Objectives and broken dependencies ------------------------------------------------------------


@transaction.atomic
def add_objective(*, project, text: str, by=None):
    from .models import Objective  # kept in this block so the import list above is untouched

    if not text.strip():
        refuse("Write the objective.", "text")
    position = project.objectives.count() + 1
    objective = Objective.objects.create(project=project, text=text, position=position)
    audit.record(action="objective.added", by=by, obj=project, data={"text": text})
    return objective


@transaction.atomic
def report_dependency_broken(*, dependency, by=None) -> Dependency:
    """Record that a dependency will not be met as needed or committed."""
    if dependency.status in {DependencyStatus.DELIVERED, DependencyStatus.BROKEN}:
        refuse(f"This dependency is already {dependency.get_status_display().lower()}.")
    dependency.status = DependencyStatus.BROKEN
    dependency.save(update_fields=["status"])
    audit.record(action="dependency.broken", by=by, obj=dependency)
    return dependency
