"""Shared personas: the ten people the permission matrix walks (see tests/matrix.py).

An anonymous visitor; members of partners A and B; a board member and an evaluator from a third
partner, who hold no staff role (what they may see comes only from the seat or appointment an
app's records give them); and the government department's secretary, PMO officer, commissioner,
analyst and administrator, each holding that one staff role.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from joinedup.core.choices import OrganisationKind, StaffRole
from tests import factories

PASSWORD = "correct horse battery staple"


@dataclass
class Persona:
    name: str
    client: Client
    person: object | None = None


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test's database starts its audit chain afresh, so no cached page may carry over."""
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partner_a(db):
    return factories.organisation("Partner A Care", kind=OrganisationKind.PRIVATE_PROVIDER)


@pytest.fixture
def partner_b(db):
    return factories.organisation("Partner B Trust")


@pytest.fixture
def government(db):
    return factories.organisation(
        "Strategic Policy Office", kind=OrganisationKind.GOVERNMENT_DEPARTMENT, short_name="SPO"
    )


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def anonymous() -> Persona:
    return Persona("anonymous", Client())


@pytest.fixture
def member_a(partner_a) -> Persona:
    person = factories.person("member_a", organisation=partner_a)
    return Persona("member of partner A", _signed_in(person), person)


@pytest.fixture
def member_b(partner_b) -> Persona:
    person = factories.person("member_b", organisation=partner_b)
    return Persona("member of partner B", _signed_in(person), person)


@pytest.fixture
def pmo(government) -> Persona:
    person = factories.person("pmo_officer", organisation=government, roles=[StaffRole.PMO])
    return Persona("PMO officer", _signed_in(person), person)


@pytest.fixture
def secretary(government) -> Persona:
    person = factories.person(
        "board_secretary", organisation=government, roles=[StaffRole.SECRETARY]
    )
    return Persona("secretary", _signed_in(person), person)


@pytest.fixture
def partner_c(db):
    return factories.organisation("Partner C Community Trust")


@pytest.fixture
def board_member(partner_c) -> Persona:
    """Sits on no body until an app's records seat them (as the governance records do)."""
    person = factories.person("board_member", organisation=partner_c)
    return Persona("board member", _signed_in(person), person)


@pytest.fixture
def evaluator(partner_c) -> Persona:
    """Evaluates no tender until an app's records appoint them on a notice's panel."""
    person = factories.person("tender_evaluator", organisation=partner_c)
    return Persona("evaluator", _signed_in(person), person)


@pytest.fixture
def commissioner(government) -> Persona:
    person = factories.person(
        "senior_commissioner", organisation=government, roles=[StaffRole.COMMISSIONER]
    )
    return Persona("commissioner", _signed_in(person), person)


@pytest.fixture
def analyst(government) -> Persona:
    person = factories.person("data_analyst", organisation=government, roles=[StaffRole.ANALYST])
    return Persona("analyst", _signed_in(person), person)


@pytest.fixture
def admin(government) -> Persona:
    person = factories.person("administrator", organisation=government, roles=[StaffRole.ADMIN])
    return Persona("admin", _signed_in(person), person)


@pytest.fixture
def personas(
    anonymous,
    member_a,
    member_b,
    board_member,
    secretary,
    pmo,
    commissioner,
    evaluator,
    analyst,
    admin,
) -> dict[str, Persona]:
    """The ten personas by name, in the order of tests/matrix.py's EVERYONE."""
    return {
        p.name: p
        for p in (
            anonymous,
            member_a,
            member_b,
            board_member,
            secretary,
            pmo,
            commissioner,
            evaluator,
            analyst,
            admin,
        )
    }
