"""Writes to partners, people, roles and tokens. Each is one transaction with an audit entry."""

import secrets
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils.text import slugify

from . import audit
from .access import token_digest
from .choices import StaffRole
from .models import (
    ApiToken,
    Organisation,
    OrganisationCareSetting,
    Person,
    SignIn,
    StaffRoleGrant,
)
from .queries import live_sign_ins

TOKEN_PREFIX = "jup_"  # noqa: S105  # nosec B105  # a label, not a secret
# The session's data names its SignIn row; a signed-in session without one is signed out.
SIGN_IN_SESSION_KEY = "joinedup_sign_in"
CHECKED_AT_SESSION_KEY = "joinedup_sign_in_checked_at"
# How stale "last seen" may be before a request refreshes it: one write per five minutes at most.
LAST_SEEN_EVERY = timedelta(minutes=5)


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


@transaction.atomic
def record_sign_in(*, request, user) -> SignIn:
    """Name the session that `user` has just signed in with, so that it can be listed and ended.

    Rows of the user's sessions that have since expired or signed out are cleared at the same time.
    """
    if request.session.session_key is None:
        request.session.save()
    now = datetime.now(UTC)
    live_keys = Session.objects.filter(expire_date__gt=now).values("session_key")
    SignIn.objects.filter(user=user).exclude(session_key__in=live_keys).delete()
    sign_in, _ = SignIn.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:200],
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )
    request.session[SIGN_IN_SESSION_KEY] = str(sign_in.pk)
    request.session[CHECKED_AT_SESSION_KEY] = now.timestamp()
    return sign_in


def keep_sign_in(*, session, user) -> bool:
    """Whether this signed-in session is still one the account may use.

    Checked at most every LAST_SEEN_EVERY, which also refreshes "last seen" (so a signed-in
    request costs no query in between). False when its row was removed (ended from another
    browser, by an admin, or with the account's deactivation; ending a session also deletes it
    from the session store, so that takes effect at once), when it never had one (a session from
    before sign-ins were recorded), and when it was signed in longer ago than SESSION_COOKIE_AGE:
    activity does not stretch a session.
    """
    now = datetime.now(UTC)
    if now.timestamp() - session.get(CHECKED_AT_SESSION_KEY, 0) < LAST_SEEN_EVERY.total_seconds():
        return True
    signed_in_at = (
        SignIn.objects.filter(pk=session.get(SIGN_IN_SESSION_KEY), user_id=user.pk)
        .values_list("signed_in_at", flat=True)
        .first()
    )
    if signed_in_at is None or now - signed_in_at > timedelta(seconds=settings.SESSION_COOKIE_AGE):
        return False
    SignIn.objects.filter(pk=session[SIGN_IN_SESSION_KEY]).update(
        last_seen_at=now, session_key=session.session_key
    )
    session[CHECKED_AT_SESSION_KEY] = now.timestamp()
    return True


def _end_sessions(sign_ins) -> int:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for sign_in in sign_ins:
        store(session_key=sign_in.session_key).delete()
        sign_in.delete()
        ended += 1
    return ended


@transaction.atomic
def end_sign_in(*, sign_in: SignIn, by) -> None:
    """Sign one session out, wherever it is."""
    audit.record(action="session.ended", by=by, obj=sign_in.user, data={"sign_in": str(sign_in.pk)})
    _end_sessions([sign_in])


@transaction.atomic
def end_other_sign_ins(*, user, keep_session_key: str, by) -> int:
    """Sign the account out of every session but the one it is using now."""
    others = list(live_sign_ins(user).exclude(session_key=keep_session_key))
    if others:
        audit.record(action="session.ended_others", by=by, obj=user, data={"count": len(others)})
    return _end_sessions(others)


@transaction.atomic
def sign_out_everywhere(*, user, by) -> int:
    """Sign the account out of every session (an admin's act, or part of deactivating it)."""
    ended = _end_sessions(list(SignIn.objects.filter(user=user)))
    audit.record(action="session.ended_everywhere", by=by, obj=user, data={"count": ended})
    return ended


@transaction.atomic
def end_access(*, user, by) -> None:
    """What deactivating an account means: every session ends and every live token is revoked,
    so that re-activating it later does not bring an old session or token back."""
    sign_out_everywhere(user=user, by=by)
    for token in ApiToken.objects.filter(person__user=user, revoked_at__isnull=True):
        revoke_api_token(token=token, by=by)
