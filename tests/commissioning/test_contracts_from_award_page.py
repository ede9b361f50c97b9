"""The commissioner makes the contract of a final award in the browser: the winning bid's lead
becomes the lead provider; while the standstill runs, or for anyone else, nothing is made."""

from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.commissioning.models import Contract
from tests import factories
from tests.commissioning import contracts_factories as make

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in(client, person):
    client.force_login(person.user, backend=BACKEND)
    return client


def terms(**changes) -> dict:
    return {
        "title": "Home care 2025 to 2030",
        "starts_on": "2025-04-01",
        "initial_ends_on": "2028-03-31",
        "option_months": "24",
        "option_decision_due_on": "2027-12-31",
        **changes,
    }


def page(award) -> str:
    return f"/tenders/{award.process.slug}/awards/{award.pk}/contract/"


def test_the_commissioner_makes_a_3_plus_2_contract_from_a_final_award(client):
    lead, member = make.provider(), make.provider()
    award = make.award(make.process(make.service_area()), suppliers=[lead, member])
    response = signed_in(client, make.commissioner()).post(page(award), terms())
    contract = Contract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/contracts/{contract.slug}/"
    assert (contract.title, contract.lead_provider) == ("Home care 2025 to 2030", lead)
    assert [o.length_months for o in contract.options.all()] == [24]


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"starts_on": ""}, "starts_on", "Enter the start date"),
        ({"option_decision_due_on": ""}, "option_decision_due_on", "must be decided"),
        ({"initial_ends_on": "2025-03-01"}, "initial_ends_on", "cannot end"),
    ],
)
def test_bad_terms_are_named_beside_their_field_and_nothing_is_made(
    client, changes, field, message
):
    award = make.award(make.process(make.service_area()), suppliers=[make.provider()])
    response = signed_in(client, make.commissioner()).post(page(award), terms(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Contract.objects.exists()


def test_no_contract_is_made_while_the_standstill_runs(client):
    award = make.award(
        make.process(make.service_area()), suppliers=[make.provider()],
        standstill_ends_at=timezone.now() + timedelta(days=3), confirmed=False,
    )  # fmt: skip
    response = signed_in(client, make.commissioner()).post(page(award), terms())
    assert response.status_code == 400
    assert "standstill period has not ended" in response.content.decode()
    assert not Contract.objects.exists()


def test_a_provider_cannot_make_the_contract(client):
    lead = make.provider()
    award = make.award(make.process(make.service_area()), suppliers=[lead])
    response = signed_in(client, factories.person(organisation=lead)).post(page(award), terms())
    assert response.status_code == 403
    assert not Contract.objects.exists()
