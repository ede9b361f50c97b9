"""Reads of partners that pages and the API share."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.sessions.models import Session
from django.db.models import Count, Prefetch
from django.db.models.functions import Lower
from django.urls import reverse

from .access import Viewer
from .choices import CareSetting, OrganisationKind, SizeBand
from .models import Organisation, OrganisationCareSetting, Person, SignIn


@dataclass(frozen=True)
class DirectoryFilters:
    """What the partners directory is narrowed by; blank means no filter."""

    q: str = ""
    kind: str = ""
    size_band: str = ""
    care_setting: str = ""


def partners_directory(viewer: Viewer, filters: DirectoryFilters):
    """Active organisations this viewer may see, matching the filters, with their care settings."""
    organisations = Organisation.objects.visible_to(viewer).active()
    if filters.q:
        organisations = organisations.filter(name__icontains=filters.q)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.size_band:
        organisations = organisations.filter(size_band=filters.size_band)
    if filters.care_setting:
        organisations = organisations.filter(
            pk__in=OrganisationCareSetting.objects.filter(setting=filters.care_setting).values(
                "organisation_id"
            )
        )
    return organisations.order_by(Lower("name")).prefetch_related(
        Prefetch("care_settings", queryset=OrganisationCareSetting.objects.order_by("setting"))
    )


KIND_LABELS = dict(OrganisationKind.choices)
SIZE_LABELS = dict(SizeBand.choices)
SETTING_LABELS = dict(CareSetting.choices)


def directory_rows(organisations) -> list[dict]:
    """What the directory shows of each organisation on a page, ready to print."""
    partners_url = reverse("core:organisation_list")
    return [
        {
            "name": o.name,
            "url": f"{partners_url}{o.slug}/",
            "kind": KIND_LABELS[o.kind],
            "size_band": SIZE_LABELS[o.size_band],
            "care_settings": ", ".join(SETTING_LABELS[s.setting] for s in o.care_settings.all()),
        }
        for o in organisations
    ]


def partners_by_kind(viewer: Viewer) -> list[dict]:
    """How many active partners of each kind this viewer may see, for the home page."""
    rows = (
        Organisation.objects.visible_to(viewer)
        .active()
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "kind")
    )
    return [{**row, "label": OrganisationKind(row["kind"]).label} for row in rows]


def people_of(organisation: Organisation, viewer: Viewer):
    """The people of an organisation whose profiles this viewer may see."""
    return (
        Person.objects.visible_to(viewer)
        .filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def live_sign_ins(user):
    """The account's sessions that are still signed in, the most recently seen first."""
    live_keys = Session.objects.filter(expire_date__gt=datetime.now(UTC)).values("session_key")
    return SignIn.objects.filter(user=user, session_key__in=live_keys)
