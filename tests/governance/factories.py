"""Governance test data, built through the service functions."""

import itertools
from datetime import date, datetime, timedelta

from django.utils import timezone

from joinedup.governance import services
from joinedup.governance.choices import (
    BodyKind,
    DecisionPower,
    ItemCategory,
    ItemPurpose,
    MeetingStatus,
    MembershipRole,
)

_numbers = itertools.count(1)
START = date(2021, 1, 1)


def body(name=None, *, power=DecisionPower.RECOMMENDS, kind=BodyKind.STRATEGIC_PARTNERSHIP_BOARD,
         quorum=2, requires_chair=False, **fields):  # fmt: skip
    number = next(_numbers)
    created = services.create_body(
        name=name or f"Board {number}", kind=kind, decision_power=power,
        short_name=fields.pop("short_name", f"B{number}"), **fields,
    )  # fmt: skip
    services.adopt_terms_of_reference(
        body=created, purpose="To work together.", quorum_minimum=quorum,
        quorum_requires_chair=requires_chair,
    )  # fmt: skip
    return created


def seat(body, person, role=MembershipRole.MEMBER, *, voting=True):
    return services.appoint_member(
        body=body, person=person, role=role, starts_on=START, is_voting=voting
    )


def meeting(body, *, days_from_now=-1, status=MeetingStatus.PAPERS_PUBLISHED, title="Board"):
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=days_from_now)
    created = services.schedule_meeting(
        body=body, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    path = [MeetingStatus.PAPERS_PUBLISHED, MeetingStatus.HELD]
    for step in path[: path.index(status) + 1] if status in path else []:
        created = services.move_meeting(meeting=created, to=step)
    return created


def item(
    meeting, title="Tranche 1 plan", *, confidential=False, purpose=ItemPurpose.RECOMMENDATION
):
    return services.add_agenda_item(
        meeting=meeting, title=title, category=ItemCategory.PRIORITISATION, purpose=purpose,
        is_confidential=confidential,
        exemption_reason="Commercially sensitive" if confidential else "",
    )  # fmt: skip


def at(hour: int) -> datetime:
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0)
