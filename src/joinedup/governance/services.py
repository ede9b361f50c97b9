"""Writes to the partnership's governance record. Each is one transaction with an audit entry,
and each refuses, with a message and no change, what the partnership's rules do not allow."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import audit, concurrency, uploads
from joinedup.core.choices import Visibility
from joinedup.core.rules import refuse

from .choices import (
    MEETING_TRANSITIONS,
    ActionStatus,
    EscalationStatus,
    MeetingStatus,
    ResponseStatus,
)
from .models import (
    Action,
    Addressee,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    DecisionLink,
    Declaration,
    Escalation,
    ForwardPlanItem,
    Interest,
    Meeting,
    Membership,
    Minutes,
    Paper,
    Recommendation,
    Response,
    TermsOfReference,
)
from .queries import latest_responses, quorum_for_item

PAPER_MAX_BYTES = 20 * 1024 * 1024
PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OPEN_FOR_BUSINESS = {MeetingStatus.PAPERS_PUBLISHED, MeetingStatus.HELD}


def _when(at: datetime | None) -> datetime:
    """When an act happened: now, or an earlier time for a record entered after the fact."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        refuse("That cannot be recorded as happening in the future.")
    return at


@transaction.atomic
def create_body(
    *, name, kind, decision_power, reports_to=None, short_name="", organisation=None,
    description="", visibility=Visibility.PUBLIC, by=None,
) -> Body:  # fmt: skip
    body = Body(
        name=name, slug=slugify(name)[:200], kind=kind, decision_power=decision_power,
        reports_to=reports_to, short_name=short_name, organisation=organisation,
        description=description, visibility=visibility,
    )  # fmt: skip
    body.full_clean()
    body.save()
    audit.record(
        action="body.created", by=by, obj=body, data={"name": name, "power": decision_power}
    )
    return body


@transaction.atomic
def adopt_terms_of_reference(
    *, body, purpose, approved_at=None, approved_on=None, by=None, **terms
):
    """Add the next version of a body's terms of reference, approved at a meeting if given."""
    if approved_at is not None and approved_at.body_id not in {body.pk, body.reports_to_id}:
        refuse(
            "Terms of reference are approved at a meeting of the body or the body it reports to."
        )
    version = (body.terms_of_reference.aggregate(v=Max("version"))["v"] or 0) + 1
    tor = TermsOfReference(
        body=body, version=version, purpose=purpose, approved_at=approved_at,
        approved_on=approved_on or (approved_at.starts_at.date() if approved_at else None), **terms,
    )  # fmt: skip
    tor.full_clean()
    tor.save()
    audit.record(action="terms_of_reference.adopted", by=by, obj=body, data={"version": version})
    return tor


@transaction.atomic
def approve_terms_of_reference(*, terms, at_meeting, by=None) -> TermsOfReference:
    """Record that a version of the terms of reference was approved at a meeting."""
    body = terms.body
    if terms.approved_at_id is not None:
        refuse("This version is already approved.")
    if at_meeting.body_id not in {body.pk, body.reports_to_id}:
        refuse(
            "Terms of reference are approved at a meeting of the body or the body it reports to."
        )
    if _status(at_meeting) not in OPEN_FOR_BUSINESS or at_meeting.starts_at > timezone.now():
        refuse("Terms of reference are approved at a meeting that is taking place or was held.")
    terms.approved_at, terms.approved_on = at_meeting, at_meeting.starts_at.date()
    terms.save(update_fields=["approved_at", "approved_on"])
    audit.record(
        action="terms_of_reference.approved", by=by, obj=body,
        data={"version": terms.version, "meeting": str(at_meeting.pk)},
    )  # fmt: skip
    return terms


@transaction.atomic
def appoint_member(
    *, body, person, role, starts_on, organisation=None, is_voting=True, ends_on=None, by=None
) -> Membership:
    membership = Membership(
        body=body, person=person, role=role, starts_on=starts_on, ends_on=ends_on,
        organisation=organisation or person.organisation, is_voting=is_voting,
    )  # fmt: skip
    membership.full_clean()
    membership.save()
    audit.record(
        action="membership.appointed", by=by, obj=membership,
        data={"body": body.name, "person": str(person.pk), "role": role},
    )  # fmt: skip
    return membership


@transaction.atomic
def end_membership(*, membership, ends_on: date, by=None) -> Membership:
    if ends_on < membership.starts_on:
        refuse("A membership cannot end before it starts.", "ends_on")
    membership.ends_on = ends_on
    membership.save(update_fields=["ends_on"])
    audit.record(action="membership.ended", by=by, obj=membership, data={"ends_on": ends_on})
    return membership


@transaction.atomic
def schedule_meeting(*, body, title, starts_at: datetime, ends_at: datetime, location="", by=None):
    if ends_at <= starts_at:
        refuse("A meeting must end after it starts.", "ends_at")
    meeting = Meeting.objects.create(
        body=body, title=title, starts_at=starts_at, ends_at=ends_at, location=location
    )
    audit.record(action="meeting.scheduled", by=by, obj=meeting, data={"title": title})
    return meeting


@transaction.atomic
def schedule_meeting_from_plan(
    *, body, board_number: int, title, starts_at, ends_at, location="", by=None
):
    """Schedule a meeting with the agenda that the body's work plan sets for that board."""
    meeting = schedule_meeting(
        body=body, title=title, starts_at=starts_at, ends_at=ends_at, location=location, by=by
    )
    planned = body.forward_plan.filter(board_number=board_number, scheduled_item__isnull=True)
    for plan in planned.order_by("position"):
        plan.scheduled_item = add_agenda_item(
            meeting=meeting, title=plan.title, category=plan.category, purpose=plan.purpose, by=by
        )
        plan.save(update_fields=["scheduled_item"])
    return meeting


@transaction.atomic
def move_meeting(
    *, meeting, to: MeetingStatus, reason: str = "", at: datetime | None = None, by=None
) -> Meeting:
    """Move a meeting along its workflow, as the one transition table allows. `at` is when it
    happened, for a record entered after the fact; it cannot be in the future."""
    at = _when(at)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if to not in MEETING_TRANSITIONS[MeetingStatus(meeting.status)]:
        refuse(
            f"A meeting that is {meeting.get_status_display().lower()} cannot become "
            f"{MeetingStatus(to).label.lower()}."
        )
    if to == MeetingStatus.CANCELLED and not reason.strip():
        refuse("Give the reason the meeting is cancelled.", "reason")
    if to == MeetingStatus.PAPERS_PUBLISHED:
        Paper.objects.filter(item__meeting=meeting, published_at__isnull=True).update(
            published_at=at
        )
    meeting.status = to
    meeting.cancelled_reason = reason if to == MeetingStatus.CANCELLED else ""
    meeting.save(update_fields=["status", "cancelled_reason"])
    audit.record(action=f"meeting.{to}", by=by, obj=meeting, data={"reason": reason})
    return meeting


@transaction.atomic
def add_agenda_item(
    *, meeting, title, category, purpose, presenter=None, description="",
    is_confidential=False, exemption_reason="", by=None,
) -> AgendaItem:  # fmt: skip
    if _status(meeting) not in {MeetingStatus.SCHEDULED, MeetingStatus.PAPERS_PUBLISHED}:
        refuse("Items can be added only before the meeting is held.")
    if is_confidential and not exemption_reason.strip():
        refuse("A Part B item needs the reason it is exempt from publication.", "exemption_reason")
    position = (meeting.items.aggregate(p=Max("position"))["p"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting, position=position, title=title, category=category, purpose=purpose,
        presenter=presenter, description=description, is_confidential=is_confidential,
        exemption_reason=exemption_reason if is_confidential else "",
    )  # fmt: skip
    audit.record(
        action="agenda_item.added", by=by, obj=item,
        data={"meeting": str(meeting.pk), "title": title, "part_b": is_confidential},
    )  # fmt: skip
    return item


def check_paper_file(uploaded) -> str:
    """The paper's content type if it is a PDF, DOCX or XLSX of allowed size; refuse otherwise.

    The extension must agree with the file's own bytes, so a renamed executable is refused."""
    name = uploaded.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in PAPER_TYPES:
        refuse("A paper must be a PDF, DOCX or XLSX file.", "file")
    if uploaded.size > PAPER_MAX_BYTES:
        refuse(f"A paper must be smaller than {PAPER_MAX_BYTES // (1024 * 1024)} MB.", "file")
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if extension == ".pdf" and not head.startswith(b"%PDF-"):
        refuse("This file is not a PDF, whatever its name says.", "file")
    if extension in {".docx", ".xlsx"}:
        part = "word/" if extension == ".docx" else "xl/"
        try:
            names = uploads.zip_names(uploaded)
        except ValidationError as problem:
            refuse(problem.messages[0], "file")
        if "[Content_Types].xml" not in names or not any(n.startswith(part) for n in names):
            refuse(f"This file is not a {extension[1:].upper()} document.", "file")
    return PAPER_TYPES[extension]


@transaction.atomic
def upload_paper(
    *, item, title, uploaded, is_confidential=False, exemption_reason="", release_on=None,
    published_at=None, by=None,
) -> Paper:  # fmt: skip
    content_type = check_paper_file(uploaded)
    confidential = is_confidential or item.is_confidential
    unpublished = _status(item.meeting) == MeetingStatus.SCHEDULED
    if confidential and not (exemption_reason or item.exemption_reason).strip():
        refuse("A confidential paper needs the reason it is exempt.", "exemption_reason")
    paper = Paper(
        item=item, title=title, file_name=uploads.safe_file_name(uploaded.name, limit=200),
        content_type=content_type, size=uploaded.size, is_confidential=confidential,
        exemption_reason=(exemption_reason or item.exemption_reason) if confidential else "",
        release_on=release_on if confidential else None,
        published_at=None if unpublished else _when(published_at),
    )  # fmt: skip
    extension = uploaded.name.rsplit(".", 1)[-1].lower()  # one of PAPER_TYPES, as checked
    paper.file.save(f"{paper.id}.{extension}", uploaded, save=False)
    paper.save()
    audit.record(
        action="paper.uploaded", by=by, obj=paper,
        data={"title": title, "confidential": confidential, "bytes": uploaded.size},
    )  # fmt: skip
    return paper


@transaction.atomic
def re_exempt_paper(*, paper, reason: str, release_on: date, by=None) -> Paper:
    """Keep a confidential paper back past its release date, with the reason recorded."""
    if not reason.strip():
        refuse("Give the reason the paper stays confidential.", "reason")
    if release_on <= timezone.localdate():
        refuse("The new release date must be in the future.", "release_on")
    paper.is_confidential, paper.release_on = True, release_on
    paper.exemption_reason = reason
    paper.save(update_fields=["is_confidential", "release_on", "exemption_reason"])
    audit.record(
        action="paper.re_exempted", by=by, obj=paper, data={"reason": reason, "until": release_on}
    )
    return paper


@transaction.atomic
def record_attendance(*, meeting, person, status, by=None) -> Attendance:
    if _status(meeting) not in OPEN_FOR_BUSINESS:
        refuse("Attendance is recorded for a meeting whose papers are published or that is held.")
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, person=person, defaults={"status": status}
    )
    audit.record(
        action="attendance.recorded", by=by, obj=meeting,
        data={"person": str(person.pk), "status": status},
    )  # fmt: skip
    return attendance


@transaction.atomic
def register_interest(*, person, kind, description, starts_on, ends_on=None, by=None) -> Interest:
    """Add an entry to a person's standing register of interests."""
    if ends_on is not None and ends_on < starts_on:
        refuse("An interest cannot end before it starts.", "ends_on")
    interest = Interest(
        person=person, kind=kind, description=description, starts_on=starts_on, ends_on=ends_on
    )
    interest.full_clean()
    interest.save()
    audit.record(action="interest.registered", by=by, obj=interest, data={"kind": kind})
    return interest


@transaction.atomic
def declare_interest(*, item, person, description, consequence, interest=None, by=None):
    if item.declarations.filter(person=person).exists():
        refuse("This person has already declared an interest on this item.")
    declaration = Declaration.objects.create(
        item=item, person=person, description=description, consequence=consequence,
        interest=interest,
    )  # fmt: skip
    audit.record(
        action="interest.declared", by=by, obj=item,
        data={"person": str(person.pk), "consequence": consequence},
    )  # fmt: skip
    return declaration


def _status(meeting) -> str:
    """The meeting's status as stored now, not as an earlier-loaded copy says."""
    return Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).get()


def _require_quorate_business(item, what: str) -> None:
    if _status(item.meeting) not in OPEN_FOR_BUSINESS:
        refuse(f"A {what} is recorded at a meeting that is taking place or has been held.")
    quorum = quorum_for_item(item)
    if not quorum.met:
        refuse(
            f"The meeting is not quorate for this item, so no {what} can be made: "
            + quorum.explain()
        )


def _next_reference(model, prefix: str, year: int) -> str:
    stem = f"{prefix}-{year}-"
    taken = model.objects.filter(reference__startswith=stem).count()
    return f"{stem}{taken + 1:03d}"


@transaction.atomic
def issue_recommendation(
    *, item, title, text, reached_by, addressed_to, dissent="", committees_in_common=False,
    response_due=None, supersedes=None, issued_at=None, by=None,
) -> Recommendation:  # fmt: skip
    """A body's collective recommendation, made at a quorate meeting, to sovereign partners."""
    addressed_to = list(addressed_to)
    if not addressed_to:
        refuse("Address the recommendation to at least one organisation.", "addressed_to")
    _require_quorate_business(item, "recommendation")
    body = item.meeting.body
    issued_at = _when(issued_at)
    if issued_at < item.meeting.starts_at:
        refuse("A recommendation is issued at or after the meeting that made it.")
    recommendation = Recommendation.objects.create(
        reference=_next_reference(Recommendation, body.short_name or "REC", issued_at.year),
        body=body, meeting=item.meeting, item=item, title=title, text=text,
        reached_by=reached_by, dissent=dissent, committees_in_common=committees_in_common,
        response_due=response_due, supersedes=supersedes, issued_at=issued_at,
    )  # fmt: skip
    Addressee.objects.bulk_create(
        Addressee(recommendation=recommendation, organisation=o) for o in addressed_to
    )
    audit.record(
        action="recommendation.issued", by=by, obj=recommendation,
        data={"reference": recommendation.reference, "to": sorted(str(o.pk) for o in addressed_to)},
    )  # fmt: skip
    return recommendation


@transaction.atomic
def record_response(
    *, recommendation, organisation, status, reasons, decided_by, authority, decided_on,
    minutes_url="", by,
) -> Response:  # fmt: skip
    """An addressed organisation's own response, decided in its own right; or its revocation."""
    if not recommendation.addressees.filter(organisation=organisation).exists():
        refuse(f"The recommendation was not addressed to {organisation}.", "organisation")
    if not reasons.strip():
        refuse("Give the reasons for the response.", "reasons")
    if decided_on > timezone.localdate():
        refuse("The decision date cannot be in the future.", "decided_on")
    if minutes_url:
        try:
            URLValidator(schemes=["http", "https"])(minutes_url)
        except ValidationError:
            refuse("Link to the minutes with an http or https address.", "minutes_url")
    current = latest_responses(recommendation).get(organisation.pk)
    if status == ResponseStatus.REVOKED and (
        current is None
        or current.status not in {ResponseStatus.ACCEPTED, ResponseStatus.ACCEPTED_WITH_CHANGES}
    ):
        refuse("Only an accepted recommendation can be revoked.", "status")
    response = Response.objects.create(
        recommendation=recommendation, organisation=organisation, status=status, reasons=reasons,
        decided_by=decided_by, authority=authority, decided_on=decided_on,
        minutes_url=minutes_url, recorded_by=by, recorded_at=timezone.now(),
    )  # fmt: skip
    audit.record(
        action=f"recommendation.response_{status}", by=by, obj=recommendation,
        data={"organisation": str(organisation.pk), "status": status, "reasons": reasons},
    )  # fmt: skip
    return response


@transaction.atomic
def record_decision(
    *, body, title, text, basis, decided_on, item=None, papers=(), recommendation=None,
    concerns=(), by=None,
) -> Decision:  # fmt: skip
    """A binding decision: only a body with the power to decide may make one, at a quorate
    meeting when it is made at a meeting."""
    if not body.can_decide:
        refuse(
            f"{body} {body.get_decision_power_display().lower()} only: it cannot make a binding "
            "decision. Record a recommendation to the organisations that decide instead."
        )
    if item is not None:
        if item.meeting.body_id != body.pk:
            refuse("The item belongs to a meeting of another body.")
        _require_quorate_business(item, "decision")
    if not basis.strip():
        refuse("Record the basis of the decision.", "basis")
    decision = Decision.objects.create(
        reference=_next_reference(Decision, f"{body.short_name or 'DEC'}-D", decided_on.year),
        body=body, meeting=item.meeting if item else None, item=item, title=title, text=text,
        basis=basis, decided_on=decided_on, recommendation=recommendation,
        recorded_at=timezone.now(),
    )  # fmt: skip
    decision.papers.set(papers)
    DecisionLink.objects.bulk_create(
        DecisionLink(
            decision=decision,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
        )  # fmt: skip
        for record in concerns
    )
    audit.record(
        action="decision.recorded", by=by, obj=decision,
        data={"reference": decision.reference, "body": str(body.pk),
              "concerns": [f"{r._meta.label_lower}:{r.pk}" for r in concerns]},
    )  # fmt: skip
    return decision


@transaction.atomic
def draft_minutes(*, meeting, text, by=None, based_on: str | None = None) -> Minutes:
    """Write the meeting's draft minutes. From the form, `based_on` is the version of the
    minutes it was drawn from: a secretary never saves over another's draft unseen."""
    if _status(meeting) != MeetingStatus.HELD:
        refuse("Minutes are drafted for a meeting that has been held.")
    current = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    concurrency.refuse_if_changed(current, based_on, what="the minutes of this meeting")
    minutes, _ = Minutes.objects.update_or_create(meeting=meeting, defaults={"text": text})
    if minutes.is_approved:
        refuse("Approved minutes cannot be changed.")
    audit.record(action="minutes.drafted", by=by, obj=meeting, data={"length": len(text)})
    return minutes


@transaction.atomic
def approve_minutes(*, minutes, at_meeting, by=None) -> Minutes:
    """Approve minutes as an item of a later meeting of the same body."""
    meeting = minutes.meeting
    if minutes.is_approved:
        refuse("These minutes are already approved.")
    if at_meeting.pk == meeting.pk:
        refuse("Minutes are approved at the next meeting, not at the meeting they record.")
    if at_meeting.body_id != meeting.body_id or at_meeting.starts_at <= meeting.starts_at:
        refuse("Minutes are approved at a later meeting of the same body.")
    if _status(at_meeting) not in OPEN_FOR_BUSINESS or at_meeting.starts_at > timezone.now():
        refuse("Minutes are approved at a meeting that is taking place or has been held.")
    minutes.approved_at, minutes.approved_on = at_meeting, at_meeting.starts_at.date()
    minutes.save(update_fields=["approved_at", "approved_on"])
    move_meeting(meeting=meeting, to=MeetingStatus.MINUTES_APPROVED, at=at_meeting.starts_at, by=by)
    audit.record(action="minutes.approved", by=by, obj=meeting, data={"at": str(at_meeting.pk)})
    return minutes


@transaction.atomic
def assign_action(*, meeting, title, owner, due_on, item=None, by=None) -> Action:
    action = Action.objects.create(
        meeting=meeting, item=item, title=title, owner=owner, due_on=due_on
    )
    audit.record(action="action.assigned", by=by, obj=action, data={"owner": str(owner.pk)})
    return action


@transaction.atomic
def complete_action(*, action, completed_on: date, by=None) -> Action:
    """Mark an open action done, on the day it was done: not before the meeting that agreed it,
    and not in the future."""
    action = Action.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        refuse(f"This action is already {action.get_status_display().lower()}.")
    if completed_on > timezone.localdate():
        refuse("The date it was done cannot be in the future.", "completed_on")
    if completed_on < timezone.localdate(action.meeting.starts_at):
        refuse("An action cannot be done before the meeting that agreed it.", "completed_on")
    action.status, action.completed_on = ActionStatus.DONE, completed_on
    action.save(update_fields=["status", "completed_on"])
    audit.record(action="action.completed", by=by, obj=action)
    return action


@transaction.atomic
def raise_escalation(
    *, from_body, subject, detail, decision_requested, due_by, raised_on, meeting=None,
    item=None, by=None,
) -> Escalation:  # fmt: skip
    """Escalate to the body this one reports to; there is no other route up. Raised at a
    meeting, it may come from one of its items: from a Part B item, it is Part B too."""
    if from_body.reports_to is None:
        refuse(f"{from_body} reports to no other body, so it cannot escalate.")
    if item is not None:
        meeting = meeting or item.meeting
        if item.meeting_id != meeting.pk:
            refuse("The item is not on the agenda of that meeting.", "item")
    if meeting is not None and meeting.body_id != from_body.pk:
        refuse("An escalation is raised at a meeting of the body that raises it.")
    if due_by < raised_on:
        refuse("The response is due after the escalation is raised.", "due_by")
    escalation = Escalation.objects.create(
        from_body=from_body, to_body=from_body.reports_to, meeting=meeting, item=item,
        subject=subject, detail=detail, decision_requested=decision_requested, due_by=due_by,
        raised_on=raised_on,
    )  # fmt: skip
    audit.record(
        action="escalation.raised", by=by, obj=escalation,
        data={"from": str(from_body.pk), "to": str(from_body.reports_to_id)},
    )  # fmt: skip
    return escalation


@transaction.atomic
def respond_to_escalation(
    *, escalation, response, responded_on, resolution="", resolved_on=None, by=None
):
    """The receiving body's response, and, when the matter is settled, its resolution. A
    response may be revised until the escalation is resolved."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    today = timezone.localdate()
    if escalation.status == EscalationStatus.RESOLVED:
        refuse("This escalation is already resolved.")
    if not response.strip():
        refuse("Give the response.", "response")
    if responded_on < escalation.raised_on:
        refuse("The response cannot come before the escalation was raised.", "responded_on")
    if responded_on > today:
        refuse("The response cannot be dated in the future.", "responded_on")
    if resolved_on is not None and not resolution.strip():
        refuse("Say how it was resolved.", "resolution")
    if resolution and resolved_on is None:
        refuse("Give the date it was resolved.", "resolved_on")
    if resolved_on is not None and not responded_on <= resolved_on <= today:
        refuse("It is resolved on or after the response, and not in the future.", "resolved_on")
    escalation.response, escalation.responded_on = response, responded_on
    escalation.status = EscalationStatus.RESOLVED if resolution else EscalationStatus.RESPONDED
    escalation.resolution, escalation.resolved_on = resolution, resolved_on
    escalation.save(
        update_fields=["response", "responded_on", "status", "resolution", "resolved_on"]
    )
    audit.record(action=f"escalation.{escalation.status}", by=by, obj=escalation)
    return escalation


@transaction.atomic
def plan_item(*, body, title, category, purpose, board_number, by=None) -> ForwardPlanItem:
    """Add an item to a body's work plan, for a board not yet scheduled."""
    if board_number < 1:
        refuse("Boards are numbered from 1.", "board_number")
    planned = body.forward_plan.filter(board_number=board_number)
    if planned.filter(scheduled_item__isnull=False).exists():
        refuse(
            f"Board {board_number} is already scheduled: add the item to its agenda, or plan "
            "it for a later board.",
            "board_number",
        )
    plan = ForwardPlanItem(
        body=body, title=title, category=category, purpose=purpose, board_number=board_number,
        position=planned.count() + 1,
    )  # fmt: skip
    plan.full_clean()
    plan.save()
    audit.record(action="forward_plan.item_added", by=by, obj=body, data={"title": title})
    return plan
