"""A member's register of interests: their standing interests and their declarations on agenda
items with what they did, public for members of public bodies (Part B declarations only to
those allowed); kept by the member, or by a secretary or an admin."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.core.choices import Visibility
from joinedup.core.models import AuditEntry
from joinedup.governance import services
from joinedup.governance.choices import DeclarationConsequence, InterestKind, MeetingStatus
from joinedup.governance.models import Interest
from tests import factories
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _register(person) -> str:
    return f"/members/{person.pk}/interests/"


def _signed_in(client, person):
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


@pytest.fixture
def declared(board):
    """rep_a's registered interest, declared on a Part A item and on a Part B item."""
    interest = services.register_interest(
        person=board.rep_a, kind=InterestKind.FINANCIAL, starts_on=date(2020, 2, 1),
        ends_on=date(2030, 1, 31), description="Director of a home care provider",
    )  # fmt: skip
    services.register_interest(
        person=board.rep_a, kind=InterestKind.INDIRECT, starts_on=date(2019, 5, 1),
        description="Spouse is a trustee of a hospice",
    )  # fmt: skip
    services.declare_interest(
        item=board.item, person=board.rep_a, interest=interest,
        description="May bid for the intermediate care contract",
        consequence=DeclarationConsequence.WITHDREW,
    )  # fmt: skip
    upcoming = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    secret = gov.item(upcoming, "SECRET contract award", confidential=True)
    services.declare_interest(
        item=secret, person=board.rep_a, description="SECRET-DECLARATION",
        consequence=DeclarationConsequence.NO_PART,
    )  # fmt: skip
    return board


def test_a_members_register_shows_interests_with_kind_and_dates_and_declarations(
    anonymous, declared
):
    page = _page(anonymous.client, _register(declared.rep_a))
    for text in ("Director of a home care provider", "Financial", "1 Feb 2020", "31 Jan 2030",
                 "Spouse is a trustee of a hospice", "Indirect", "Continuing",
                 "May bid for the intermediate care contract", "Withdrew from the item",
                 declared.meeting.get_absolute_url(), "Strategic Partnership Board"):  # fmt: skip
        assert text in page
    assert "SECRET" not in page


def test_declarations_on_part_b_items_are_shown_only_to_those_allowed(member_b, client, declared):
    assert "SECRET" not in _page(member_b.client, _register(declared.rep_a))
    fellow_member = _signed_in(client, declared.rep_b)
    page = _page(fellow_member, _register(declared.rep_a))
    assert "SECRET-DECLARATION" in page and "Took no part in the decision" in page


def test_the_body_page_links_each_named_member_to_their_register(anonymous, board):
    page = _page(anonymous.client, board.body.get_absolute_url())
    for person in (board.chair, board.rep_a, board.rep_b, board.rep_c):
        assert _register(person) in page


def test_a_register_is_as_public_as_the_bodies_the_person_sits_on(anonymous, member_b, client):
    closed = gov.body("Closed Board", visibility=Visibility.PARTNERSHIP)
    private_member = factories.person("private_member")
    gov.seat(closed, private_member)
    nobody = factories.person("sits_nowhere")
    hidden = factories.person("hidden_profile")
    hidden.visibility = Visibility.PARTNERSHIP
    hidden.save(update_fields=["visibility"])
    gov.seat(gov.body("Open Board"), hidden)
    assert anonymous.client.get(_register(private_member)).status_code == 404
    assert member_b.client.get(_register(private_member)).status_code == 200
    assert anonymous.client.get(_register(hidden)).status_code == 404
    for persona in (anonymous, member_b):
        assert persona.client.get(_register(nobody)).status_code == 404
    assert _signed_in(client, nobody).get(_register(nobody)).status_code == 200


# Registering ---------------------------------------------------------------------------------

INTEREST = {"kind": InterestKind.NON_FINANCIAL, "description": "Trustee of Mind Jersey",
            "starts_on": "2021-01-01"}  # fmt: skip


def test_a_member_registers_their_own_interest(client, board):
    _signed_in(client, board.rep_a)
    assert "Register an interest" in _page(client, _register(board.rep_a))
    assert "Register your interest" in _page(client, f"{_register(board.rep_a)}new/")
    response = client.post(f"{_register(board.rep_a)}new/", INTEREST)
    assert response.status_code == 302 and response["Location"] == _register(board.rep_a)
    interest = Interest.objects.get()
    assert (interest.person, interest.kind) == (board.rep_a, InterestKind.NON_FINANCIAL)
    assert AuditEntry.objects.filter(action="interest.registered").count() == 1
    assert "Trustee of Mind Jersey" in _page(client, _register(board.rep_a))


def test_a_secretary_registers_an_interest_for_a_member(secretary, board):
    response = secretary.client.post(f"{_register(board.rep_b)}new/", INTEREST)
    assert response.status_code == 302
    assert Interest.objects.get().person == board.rep_b


def test_another_member_cannot_register_an_interest_for_someone_else(client, board):
    _signed_in(client, board.rep_b)
    assert "Register an interest" not in _page(client, _register(board.rep_a))
    assert client.post(f"{_register(board.rep_a)}new/", INTEREST).status_code == 403
    assert not Interest.objects.exists()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"ends_on": "2020-12-31"}, "ends_on", "cannot end before it starts"),
        ({"kind": "secret"}, "kind", "Select a valid choice"),
        ({"description": ""}, "description", "This field is required"),
    ],
)
def test_a_bad_interest_is_refused_beside_its_field_and_nothing_is_registered(
    client, board, fields, field, message
):
    _signed_in(client, board.rep_a)
    response = client.post(f"{_register(board.rep_a)}new/", {**INTEREST, **fields})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and message in page
    assert not Interest.objects.exists()


def test_the_register_query_count_does_not_grow_with_interests_or_declarations(
    member_a, declared, django_assert_max_num_queries
):
    path = _register(declared.rep_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert member_a.client.get(path).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for n in range(20):
        meeting = gov.meeting(declared.body, days_from_now=10 + n, status=MeetingStatus.SCHEDULED)
        services.declare_interest(
            item=gov.item(meeting, f"Item {n}"), person=declared.rep_a, description=f"Interest {n}",
            consequence=DeclarationConsequence.DISPENSATION,
        )  # fmt: skip
        services.register_interest(
            person=declared.rep_a, kind=InterestKind.FINANCIAL, description=f"Shares {n}",
            starts_on=TODAY() - timedelta(days=n),
        )  # fmt: skip
    assert queries() == few
    with django_assert_max_num_queries(10):
        member_a.client.get(path)
