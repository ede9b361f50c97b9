"""Writes to partners, people, roles and tokens. Each is one transaction with an audit entry."""

import secrets
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from . import audit
from .access import token_digest
from .choices import StaffRole
from .models import ApiToken, Organisation, OrganisationCareSetting, Person, StaffRoleGrant

TOKEN_PREFIX = "jup_"  # noqa: S105 (a label, not a secret)


@transaction.atomic
def create_organisation(
    *, name: str, kind: str, size_band: str, care_settings=(), by=None, **fields
):
    """Register a partner organisation with the care settings it serves."""
    organisation = Organisation(name=name, kind=kind, size_band=size_band, **fields)
    organisation.slug = organisation.slug or slugify(name)[:200]
    organisation.full_clean()
    organisation.save()
    OrganisationCareSetting.objects.bulk_create(
        OrganisationCareSetting(organisation=organisation, setting=setting)
        for setting in sorted(set(care_settings))
    )
    audit.record(
        action="organisation.registered",
        by=by,
        obj=organisation,
        data={
            "name": name,
            "kind": kind,
            "size_band": size_band,
            "care_settings": sorted(care_settings),
        },
    )
    return organisation


@transaction.atomic
def create_person(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str | None,
    organisation: Organisation | None = None,
    job_title: str = "",
    phone: str = "",
    by=None,
) -> Person:
    """Create a user account with its profile. A None password leaves the account unusable."""
    user = get_user_model().objects.create_user(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    person = Person.objects.create(
        user=user, organisation=organisation, job_title=job_title, phone=phone
    )
    audit.record(
        action="person.created",
        by=by,
        obj=person,
        data={"username": username, "organisation": str(organisation.pk) if organisation else None},
    )
    return person


@transaction.atomic
def grant_staff_role(*, person: Person, role: StaffRole, by=None) -> StaffRoleGrant:
    """Give a person a staff role; the admin role also opens the Django admin."""
    grant, _ = StaffRoleGrant.objects.get_or_create(person=person, role=role)
    if role == StaffRole.ADMIN:
        user = person.user
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    audit.record(action="staff_role.granted", by=by, obj=person, data={"role": str(role)})
    return grant


@transaction.atomic
def revoke_staff_role(*, person: Person, role: StaffRole, by=None) -> None:
    StaffRoleGrant.objects.filter(person=person, role=role).delete()
    if role == StaffRole.ADMIN:
        user = person.user
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    audit.record(action="staff_role.revoked", by=by, obj=person, data={"role": str(role)})


@transaction.atomic
def issue_api_token(
    *, person: Person, name: str, expires_at: datetime | None = None, by=None
) -> tuple[ApiToken, str]:
    """Create a personal API token. The plain token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        person=person, name=name, prefix=raw[:10], digest=token_digest(raw), expires_at=expires_at
    )
    audit.record(action="api_token.issued", by=by, obj=token, data={"name": name})
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        token.save(update_fields=["revoked_at"])
        audit.record(action="api_token.revoked", by=by, obj=token, data={"name": token.name})
