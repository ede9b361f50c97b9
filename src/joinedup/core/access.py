"""Who is asking, and what they may see: the only route from a request to a record."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.http import Http404, HttpRequest

from .choices import StaffRole
from .models import ApiToken, Organisation, Person


@dataclass(frozen=True)
class Viewer:
    """The person behind a request, reduced to what visibility decisions need."""

    user: object | None = None
    person_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def is_partner(self) -> bool:
        """Signed in as someone of an active partner organisation, or as staff."""
        return self.is_authenticated and (self.organisation_id is not None or bool(self.roles))

    @property
    def is_admin(self) -> bool:
        return StaffRole.ADMIN in self.roles or bool(getattr(self.user, "is_superuser", False))

    def has_role(self, role: StaffRole) -> bool:
        return role in self.roles or self.is_admin


ANONYMOUS = Viewer()


def viewer_for(user) -> Viewer:
    """Build the viewer for a user: its person, organisation and roles in two queries."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    person = (
        Person.objects.filter(user=user)
        .select_related("user", "organisation")
        .prefetch_related("staff_roles")
        .first()
    )
    if person is None:
        roles = frozenset({StaffRole.ADMIN.value}) if user.is_superuser else frozenset()
        return Viewer(user=user, roles=roles)
    return viewer_of_person(person)


def viewer_of_person(person: Person) -> Viewer:
    """The viewer for a person loaded with its user, organisation and staff roles."""
    organisation = person.organisation
    return Viewer(
        user=person.user,
        person_id=person.id,
        organisation_id=organisation.id if organisation and organisation.is_active else None,
        roles=frozenset(grant.role for grant in person.staff_roles.all()),
    )


def request_viewer(request: HttpRequest) -> Viewer:
    """The viewer of a page request, built once and kept on the request."""
    if not hasattr(request, "_joinedup_viewer"):
        request._joinedup_viewer = viewer_for(request.user)
    return request._joinedup_viewer


def access_organisation(viewer: Viewer, *, slug: str | None = None, pk=None) -> Organisation:
    """The organisation if this viewer may see it; otherwise 404, never a hint that it exists."""
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    organisation = Organisation.objects.visible_to(viewer).filter(**lookup).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def token_digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def person_for_token(raw_token: str) -> Person | None:
    """The person a live (unrevoked, unexpired) API token belongs to, or None."""
    now = datetime.now(UTC)
    token = (
        ApiToken.objects.filter(digest=token_digest(raw_token), revoked_at__isnull=True)
        .select_related("person__user", "person__organisation")
        .prefetch_related("person__staff_roles")
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.person.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person
