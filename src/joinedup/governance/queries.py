"""Reads of governance records that pages, the API and services share."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from .choices import CONFLICTED_OUT, AttendanceStatus, MembershipRole
from .models import AgendaItem, Attendance, Body, Membership, Response, TermsOfReference


@dataclass(frozen=True)
class Quorum:
    """Whether an item of a meeting is quorate, and why."""

    required: int
    present_voting: int
    conflicted: int
    requires_chair: bool
    chair_present: bool

    @property
    def counted(self) -> int:
        return self.present_voting - self.conflicted

    @property
    def met(self) -> bool:
        return self.counted >= self.required and (self.chair_present or not self.requires_chair)

    def explain(self) -> str:
        text = (
            f"{self.counted} voting member{'s' if self.counted != 1 else ''} counted "
            f"({self.present_voting} present, {self.conflicted} conflicted out); "
            f"{self.required} required"
        )
        if self.requires_chair:
            text += "; the chair must be present" + ("" if self.chair_present else " and is not")
        return text + "."


def current_terms(body: Body, on: date | None = None) -> TermsOfReference | None:
    """The terms in force on a day: the latest version approved by then, or, before any was
    approved, the latest draft."""
    versions = body.terms_of_reference.order_by("-version")
    if on is not None:
        approved = versions.filter(approved_on__lte=on).first()
        if approved is not None:
            return approved
    return versions.first()


def quorum_for_item(item: AgendaItem) -> Quorum:
    return quorum_for_items(item.meeting, [item])[item.pk]


def quorum_for_items(meeting, items) -> dict:
    """Quorum for each item of a meeting, from the body's terms of reference in force that day
    and the meeting's attendance, discounting voting members who declared a conflict that took
    them out of the item. A fixed number of queries, however many items."""
    day = meeting.starts_at.date()
    terms = current_terms(meeting.body, on=day)
    voting = Membership.objects.current_on(day).filter(body=meeting.body, is_voting=True)
    present_ids = set(
        Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    voting_present = {m.person_id: m.role for m in voting if m.person_id in present_ids}
    return {item.pk: _quorum(terms, voting_present, _conflicted(item)) for item in items}


def _conflicted(item: AgendaItem) -> set:
    return {d.person_id for d in item.declarations.all() if d.consequence in CONFLICTED_OUT}


def _quorum(terms, voting_present: dict, conflicted: set) -> Quorum:
    return Quorum(
        required=terms.quorum_minimum if terms else 1,
        present_voting=len(voting_present),
        conflicted=len(conflicted & voting_present.keys()),
        requires_chair=bool(terms and terms.quorum_requires_chair),
        chair_present=any(
            role == MembershipRole.CHAIR and person_id not in conflicted
            for person_id, role in voting_present.items()
        ),
    )


def latest_responses(recommendation) -> dict:
    """Each addressed organisation's current response (the latest it recorded), by id.
    Uses prefetched responses when they are there."""
    latest = {}
    for response in sorted(recommendation.responses.all(), key=lambda r: r.recorded_at):
        latest[response.organisation_id] = response
    return latest


def responses_prefetch() -> Prefetch:
    return Prefetch(
        "responses",
        queryset=Response.objects.select_related("organisation").order_by("recorded_at"),
    )
