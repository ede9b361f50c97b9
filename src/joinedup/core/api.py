"""API routes for partner organisations."""

import uuid
from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from joinedup.api_support import Pagination, api_viewer

from . import queries
from .access import access_organisation
from .choices import CareSetting, OrganisationKind, SizeBand
from .models import Organisation

router = Router(tags=["partners"])


class ContactOut(Schema):
    email: str
    phone: str


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    short_name: str
    kind: OrganisationKind
    size_band: SizeBand
    care_settings: list[CareSetting]
    description: str
    website: str
    partnership_signed_on: date | None
    is_active: bool
    synthetic_fields: list[str]
    url: str
    contact: ContactOut | None = None

    @staticmethod
    def resolve_care_settings(organisation: Organisation) -> list[str]:
        return [row.setting for row in organisation.care_settings.all()]

    @staticmethod
    def resolve_url(organisation: Organisation) -> str:
        return organisation.get_absolute_url()

    @staticmethod
    def resolve_contact(organisation: Organisation, context) -> dict | None:
        """Contact details are partnership-only, whatever the organisation's own visibility."""
        if not api_viewer(context["request"]).is_partner:
            return None
        return {"email": organisation.contact_email, "phone": organisation.contact_phone}


class DirectoryFilterIn(Schema):
    q: str = Field("", max_length=100, description="Part of the name.")
    kind: OrganisationKind | None = None
    size_band: SizeBand | None = None
    care_setting: CareSetting | None = None


@router.get("/organisations", response=list[OrganisationOut], summary="List partner organisations")
@paginate(Pagination)
def list_organisations(request: HttpRequest, filters: Query[DirectoryFilterIn]):
    """Active partner organisations, filtered as on the partners directory page."""
    return queries.partners_directory(
        api_viewer(request),
        queries.DirectoryFilters(
            q=filters.q,
            kind=filters.kind or "",
            size_band=filters.size_band or "",
            care_setting=filters.care_setting or "",
        ),
    )


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation"
)
def get_organisation(request: HttpRequest, organisation_id: uuid.UUID):
    return access_organisation(api_viewer(request), pk=organisation_id)
