"""The iCalendar feeds of the meeting calendar and the Atom feed of decisions and
recommendations: what a calendar program or feed reader (asking anonymously) receives."""

from datetime import UTC, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from icalendar import Calendar

from joinedup.governance import services
from joinedup.governance.choices import MeetingStatus
from tests.governance import factories as gov
from tests.governance.matrix import build_public_record

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def record(settings, tmp_path, member_a, partner_a, partner_b):
    settings.MEDIA_ROOT = tmp_path
    return build_public_record(member=member_a.person, addressees=[partner_a, partner_b])


def _calendar(client, path) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _uid(meeting) -> str:
    return f"{meeting.id}@joinedup"


def test_the_calendar_feed_is_a_valid_icalendar_with_one_event_per_public_meeting(
    anonymous, record
):
    calendar = _calendar(anonymous.client, "/meetings/calendar.ics")
    assert str(calendar["VERSION"]) == "2.0"
    assert "Joined Up" in str(calendar["PRODID"])
    public = ("meeting", "decider_meeting", "upcoming", "oversight_meeting")
    assert set(_events(calendar)) == {_uid(record[key]) for key in public}


def test_calendar_events_carry_utc_times_summary_location_and_a_link(anonymous, record):
    meeting = record["upcoming"]
    meeting.location = "Les Quennevais, Room 2"
    meeting.save(update_fields=["location"])
    event = _events(_calendar(anonymous.client, "/meetings/calendar.ics"))[_uid(meeting)]
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == meeting.ends_at
    assert "DTSTART:" in event.to_ical().decode() and "Z\r\n" in event.to_ical().decode()
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["SUMMARY"]) == "Public Board: Next board meeting"
    assert str(event["LOCATION"]) == "Les Quennevais, Room 2"
    assert str(event["URL"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_cancelled_meeting_stays_in_the_calendar_marked_cancelled(anonymous, record):
    meeting = services.move_meeting(
        meeting=record["upcoming"], to=MeetingStatus.CANCELLED, reason="Not quorate"
    )
    event = _events(_calendar(anonymous.client, "/meetings/calendar.ics"))[_uid(meeting)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert "Not quorate" in str(event["DESCRIPTION"])


def test_partnership_meetings_are_in_the_calendar_of_signed_in_partners_only(
    anonymous, member_b, record
):
    closed = _uid(record["partnership_meeting"])
    assert closed not in _events(_calendar(anonymous.client, "/meetings/calendar.ics"))
    assert closed in _events(_calendar(member_b.client, "/meetings/calendar.ics"))


def test_a_body_calendar_has_only_that_bodys_meetings(anonymous, record):
    body = record["body"]
    events = _events(_calendar(anonymous.client, f"/bodies/{body.slug}/calendar.ics"))
    assert set(events) == {_uid(record["meeting"]), _uid(record["upcoming"])}
    other = gov.body("Another Board")
    gov.meeting(other, days_from_now=3)
    assert len(_events(_calendar(anonymous.client, f"/bodies/{other.slug}/calendar.ics"))) == 1


def test_the_calendar_of_a_partnership_body_is_not_found_for_anonymous_visitors(anonymous, record):
    response = anonymous.client.get(f"/bodies/{record['partnership_body'].slug}/calendar.ics")
    assert response.status_code == 404


def test_body_and_calendar_pages_link_to_their_feeds(anonymous, record):
    body = record["body"]
    feed = f"/bodies/{body.slug}/calendar.ics"
    assert feed in anonymous.client.get(body.get_absolute_url()).content.decode()
    calendar_page = anonymous.client.get("/meetings/").content.decode()
    assert "/meetings/calendar.ics" in calendar_page
    assert feed in anonymous.client.get(f"/meetings/?body={body.slug}").content.decode()


def _atom(client):
    response = client.get("/feeds/decisions.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ElementTree.fromstring(response.content)  # noqa: S314 - the product's own feed


def _entry_titles(feed) -> set[str]:
    return {entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")}


def test_the_atom_feed_lists_public_decisions_and_recommendations(anonymous, record):
    feed = _atom(anonymous.client)
    assert feed.tag == f"{ATOM}feed"
    recommendation, decision = record["recommendation"], record["decision"]
    oversight = record["oversight_recommendation"]
    assert _entry_titles(feed) == {
        f"Recommendation {recommendation.reference}: {recommendation.title}",
        f"Recommendation {oversight.reference}: {oversight.title}",
        f"Decision {decision.reference}: {decision.title}",
    }
    links = {link.get("href") for link in feed.iter(f"{ATOM}link")}
    assert f"http://testserver{decision.get_absolute_url()}" in links


def test_the_atom_feed_entry_of_a_recommendation_says_where_it_stands(anonymous, member_a, record):
    recommendation = record["recommendation"]
    organisation = recommendation.addressees.first().organisation
    services.record_response(
        recommendation=recommendation, organisation=organisation, status="declined",
        reasons="Not affordable", decided_by="Board", authority="Articles",
        decided_on=timezone.localdate(), by=member_a.person.user,
    )  # fmt: skip
    feed = _atom(anonymous.client)
    summaries = [entry.find(f"{ATOM}summary").text for entry in feed.iter(f"{ATOM}entry")]
    assert any(f"Declined by {organisation.name}; 1 awaiting" in text for text in summaries)
    updated = feed.find(f"{ATOM}updated").text
    assert updated.startswith(str(timezone.now().astimezone(UTC).year))


def test_the_atom_feed_follows_the_viewers_visibility(member_a, member_b, record):
    assert "SECRET-DECISION" not in " ".join(_entry_titles(_atom(member_b.client)))
    assert any("PARTNERSHIP-ONLY" in title for title in _entry_titles(_atom(member_b.client)))
    assert any("SECRET-DECISION" in title for title in _entry_titles(_atom(member_a.client)))


def test_the_registers_link_to_the_atom_feed(anonymous, record):
    for page in ("/decisions/", "/recommendations/"):
        assert "/feeds/decisions.atom" in anonymous.client.get(page).content.decode()


def test_calendar_programs_may_ask_for_the_feed_headers_only(anonymous, record):
    response = anonymous.client.head("/meetings/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
