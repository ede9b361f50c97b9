"""Factories with deterministic defaults, built through the service functions where they exist."""

import itertools

import factory
from django.contrib.auth import get_user_model

from joinedup.core import services
from joinedup.core.choices import CareSetting, OrganisationKind, SizeBand, Visibility
from joinedup.core.models import Organisation, Person

_numbers = itertools.count(1)


def organisation(
    name: str | None = None,
    *,
    kind: str = OrganisationKind.VOLUNTARY_AND_COMMUNITY,
    size_band: str = SizeBand.SMALL,
    care_settings=(CareSetting.COMMUNITY,),
    visibility: str = Visibility.PUBLIC,
    restricted_to=(),
    **fields,
) -> Organisation:
    """A partner organisation registered through the service, as the product would."""
    number = next(_numbers)
    org = services.create_organisation(
        name=name or f"Partner {number:04d}",
        kind=kind,
        size_band=size_band,
        care_settings=care_settings,
        visibility=visibility,
        contact_email=fields.pop("contact_email", f"contact{number}@partner.example.je"),
        contact_phone=fields.pop("contact_phone", f"01534 {700000 + number}"),
        **fields,
    )
    if restricted_to:
        org.restricted_to.set(restricted_to)
    return org


def person(
    username: str | None = None,
    *,
    organisation: Organisation | None = None,
    roles=(),
    password: str = "correct horse battery staple",
    **fields,
) -> Person:
    number = next(_numbers)
    username = username or f"person{number}"
    created = services.create_person(
        username=username,
        first_name=fields.pop("first_name", "Test"),
        last_name=fields.pop("last_name", f"Person {number}"),
        email=fields.pop("email", f"{username}@example.je"),
        password=password,
        organisation=organisation,
        job_title=fields.pop("job_title", "Officer"),
        phone=fields.pop("phone", f"07700 {900000 + number}"),
        **fields,
    )
    for role in roles:
        services.grant_staff_role(person=created, role=role)
    return created


class UserFactory(factory.django.DjangoModelFactory):
    """A bare user with no partnership profile (for edge cases)."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.je")
