"""Feeds of the public record: the meeting calendar as iCalendar, for all bodies and for each,
and an Atom feed of decisions and recommendations.

Feeds answer with what the requesting viewer may see, like every page; a calendar program or a
feed reader asks anonymously, so it gets the public record and nothing else.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from joinedup.core.access import request_viewer

from . import access
from .choices import MeetingStatus
from .models import Decision, Meeting, Recommendation
from .registers import consolidated_state
from .views import recommendation_register

PRODID = "-//Joined Up//Partnership meetings//EN"
FEED_SIZE = 50


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    meetings = access.visible_meetings(viewer)
    return _calendar(request, meetings, f"{settings.JOINEDUP_PARTNERSHIP_NAME}: meetings")


@require_safe
def body_calendar_feed(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    body = access.access_body(viewer, slug)
    meetings = access.visible_meetings(viewer).filter(body=body)
    return _calendar(request, meetings, f"{body.name}: meetings")


@require_safe
def decisions_feed(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    feed = Atom1Feed(
        title=f"{settings.JOINEDUP_PARTNERSHIP_NAME}: decisions and recommendations",
        link=request.build_absolute_uri(reverse("governance:decision_list")),
        description="Decisions and recommendations of the partnership's bodies.",
        language="en-gb",
        author_name=settings.JOINEDUP_PARTNERSHIP_NAME,
        feed_url=request.build_absolute_uri(),
    )
    decisions = (
        access.visible_decisions(viewer).select_related("body").order_by("-recorded_at")[:FEED_SIZE]
    )
    recommendations = recommendation_register(viewer)[:FEED_SIZE]
    entries = [_decision_entry(request, d) for d in decisions]
    entries += [_recommendation_entry(request, r) for r in recommendations]
    entries.sort(key=lambda entry: entry["updateddate"], reverse=True)
    for entry in entries[:FEED_SIZE]:
        feed.add_item(**entry)
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def _calendar(request: HttpRequest, meetings: QuerySet, name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = _utc(timezone.now())
    for meeting in meetings.select_related("body").order_by("starts_at"):
        calendar.add_component(_event(request, meeting, stamp))
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


def _event(request: HttpRequest, meeting: Meeting, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{meeting.id}@joinedup")
    event.add("dtstamp", stamp)
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
    if meeting.status == MeetingStatus.CANCELLED:
        event.add("status", "CANCELLED")
        event.add("description", f"Cancelled: {meeting.cancelled_reason}")
    else:
        event.add("status", "CONFIRMED")
    return event


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _decision_entry(request: HttpRequest, decision: Decision) -> dict:
    return {
        "title": f"Decision {decision.reference}: {decision.title}",
        "link": request.build_absolute_uri(decision.get_absolute_url()),
        "description": f"{decision.body.name} decided on "
        f"{decision.decided_on.day} {decision.decided_on:%B %Y}: {decision.text}",
        "unique_id": f"urn:uuid:{decision.id}",
        "pubdate": decision.recorded_at,
        "updateddate": decision.recorded_at,
        "categories": ("decision",),
    }


def _recommendation_entry(request: HttpRequest, recommendation: Recommendation) -> dict:
    responses = list(recommendation.responses.all())
    updated = max([recommendation.issued_at, *(r.recorded_at for r in responses)])
    state = consolidated_state(recommendation)
    return {
        "title": f"Recommendation {recommendation.reference}: {recommendation.title}",
        "link": request.build_absolute_uri(recommendation.get_absolute_url()),
        "description": f"{recommendation.body.name} recommended: {recommendation.text}\n\n"
        f"Where it stands: {state.summary}.",
        "unique_id": f"urn:uuid:{recommendation.id}",
        "pubdate": recommendation.issued_at,
        "updateddate": updated,
        "categories": ("recommendation",),
    }
