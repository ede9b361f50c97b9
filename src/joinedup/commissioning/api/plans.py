"""API routes for commissioning: analyse, plan and review. The strategy's partnership measures
(public, computed from the contracts the caller may see), the needs chapters, the commissioning
intentions with their delivery plan and route decisions, the service areas with their model
history, and the specifications with every version's outcomes and KPIs.

Every route starts from the caller (`api_viewer`) and reads through `queries.plans`, as the
pages do, so the two cannot disagree: a record the caller may not see is a 404."""

import uuid
from datetime import date

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from joinedup.api_support import Pagination, api_viewer, one_or_404

from ..models import DeliveryAction, Kpi, ModelChange, Specification, SpecificationVersion
from ..queries import plans as queries

router = Router(tags=["Commissioning"])


# Partnership measures --------------------------------------------------------------------------


class PartnershipMemberOut(Schema):
    organisation: str = Field(alias="organisation_name")
    role: str
    size_band: str
    joined_on: date | None
    opted_out_on: date | None


class PartnershipOut(Schema):
    contract: str
    model: str
    care_setting: str
    starts_on: date
    ends_on: date
    members: list[PartnershipMemberOut]
    opted_out: list[PartnershipMemberOut]


class MeasuresOut(Schema):
    on: date
    partnerships: int = Field(description="Contracts in force in a partnership model.")
    care_settings: list[str] = Field(description="The care settings they cover.")
    organisations_taking_part: int
    small_partners: int = Field(description="Distinct micro and small organisations taking part.")
    opted_out: int = Field(description="Memberships left by opting out.")
    each_partnership: list[PartnershipOut]


class MeasuresIn(Schema):
    on: date | None = Field(None, description="The day to measure on; today by default.")


def _partnership(p: queries.Partnership) -> dict:
    c = p.contract
    return {
        "contract": c.title, "model": c.model, "care_setting": c.care_setting,
        "starts_on": c.starts_on, "ends_on": c.ends_on, "members": p.members,
        "opted_out": p.opted_out,
    }  # fmt: skip


@router.get(
    "/commissioning/partnership-measures",
    response=MeasuresOut,
    summary="The strategy's partnership measures",
    url_name="plans_partnership_measures",
)
def partnership_measures(request: HttpRequest, filters: Query[MeasuresIn]):
    """How many partnerships, which care settings they cover, who is in each, how many small
    partners take part and how many opted out: counted from the contracts you may see."""
    measures = queries.measures_on(filters.on or timezone.localdate(), api_viewer(request))
    return {
        "on": measures.on,
        "partnerships": measures.partnership_count,
        "care_settings": measures.care_settings,
        "organisations_taking_part": measures.member_count,
        "small_partners": measures.small_partner_count,
        "opted_out": measures.opted_out_count,
        "each_partnership": [_partnership(p) for p in measures.partnerships],
    }


# Needs chapters --------------------------------------------------------------------------------


class ChapterOut(Schema):
    slug: str
    title: str
    summary: str
    gap: str
    assessed_on: date | None
    population_groups: list[str]
    synthetic: bool

    @staticmethod
    def resolve_population_groups(chapter) -> list[str]:
        return [g.name for g in chapter.population_groups.all()]


@router.get(
    "/commissioning/needs",
    response=list[ChapterOut],
    summary="List needs chapters",
    url_name="plans_list_chapters",
)
@paginate(Pagination)
def list_chapters(request: HttpRequest):
    """The chapters of the needs assessment you may see, by title."""
    return queries.visible_chapters(api_viewer(request)).order_by("title")


# Intentions ------------------------------------------------------------------------------------


class ActionOut(Schema):
    achieve: str
    how: str
    owner: str
    due_by: date | None
    synthetic: bool


class RouteOptionOut(Schema):
    route: str
    pros: str
    cons: str
    preferred: bool


class RouteOut(Schema):
    route: str
    service_area: str | None = Field(None, alias="service_area.slug")
    rationale: str
    decided_on: date
    decision: str | None = Field(None, description="The approving decision's reference.")
    options: list[RouteOptionOut]

    @staticmethod
    def resolve_decision(route) -> str | None:
        return route.decision.reference if getattr(route, "decision_visible", False) else None

    @staticmethod
    def resolve_options(route):
        return list(route.options.all())


class IntentionOut(Schema):
    number: int
    slug: str
    title: str
    theme: str
    scope: str
    vision: str


class IntentionDetailOut(IntentionOut):
    needs_chapters: list[str]
    delivery_plan: list[ActionOut]
    routes: list[RouteOut]


@router.get(
    "/commissioning/intentions",
    response=list[IntentionOut],
    summary="List intentions",
    url_name="plans_list_intentions",
)
@paginate(Pagination)
def list_intentions(request: HttpRequest):
    """The strategy's commissioning intentions, in order."""
    return queries.visible_intentions(api_viewer(request))


@router.get(
    "/commissioning/intentions/{slug}",
    response=IntentionDetailOut,
    summary="One intention",
    url_name="plans_get_intention",
)
def get_intention(request: HttpRequest, slug: str):
    """An intention with the needs it answers, its delivery plan and its route decisions
    (latest first), each with its options appraisal and approving decision."""
    viewer = api_viewer(request)
    intention = one_or_404(
        queries.visible_intentions(viewer).filter(slug=slug).prefetch_related(
            Prefetch("actions", queryset=DeliveryAction.objects.order_by("position"))
        ),
        "No such intention.",
    )  # fmt: skip
    chapters = intention.needs_chapters.visible_to(viewer).order_by("title")
    return {
        "number": intention.number, "slug": intention.slug, "title": intention.title,
        "theme": intention.theme, "scope": intention.scope, "vision": intention.vision,
        "needs_chapters": [c.slug for c in chapters],
        "delivery_plan": list(intention.actions.all()),
        "routes": queries.route_decisions(intention, viewer),
    }  # fmt: skip


# Service areas ---------------------------------------------------------------------------------


class ModelChangeOut(Schema):
    from_model: str
    to_model: str
    changed_on: date
    reason: str


class ServiceAreaOut(Schema):
    slug: str
    name: str
    care_setting: str
    model: str
    history: list[ModelChangeOut] = Field(alias="changes")

    @staticmethod
    def resolve_history(area):
        return list(area.changes.all())


@router.get(
    "/commissioning/service-areas",
    response=list[ServiceAreaOut],
    summary="List service areas",
    url_name="plans_list_service_areas",
)
@paginate(Pagination)
def list_service_areas(request: HttpRequest):
    """Service areas with their current commissioning model and its history."""
    changes = ModelChange.objects.order_by("changed_on", "recorded_at")
    return queries.visible_service_areas(api_viewer(request)).prefetch_related(
        Prefetch("changes", queryset=changes)
    )


# Specifications --------------------------------------------------------------------------------


class SpecificationKpiOut(Schema):
    indicator: str = Field(alias="indicator.code")
    name: str = Field(alias="indicator.name")
    target: float | None
    target_upper: float | None


class SpecificationVersionOut(Schema):
    version: int
    effective_from: date | None
    change_note: str
    service_description: str
    population: str
    outcomes: list[str]
    kpis: list[SpecificationKpiOut]

    @staticmethod
    def resolve_outcomes(version) -> list[str]:
        return [o.text for o in version.outcomes.all()]

    @staticmethod
    def resolve_kpis(version):
        return list(version.kpis.all())


class SpecificationOut(Schema):
    id: uuid.UUID
    slug: str
    title: str
    service_area: str = Field(alias="service_area.slug")
    intention: str | None = Field(None, alias="intention.slug")


class SpecificationDetailOut(SpecificationOut):
    versions: list[SpecificationVersionOut]

    @staticmethod
    def resolve_versions(spec):
        return list(spec.versions.all())


@router.get(
    "/commissioning/specifications",
    response=list[SpecificationOut],
    summary="List service specifications",
    url_name="plans_list_specifications",
)
@paginate(Pagination)
def list_specifications(request: HttpRequest):
    return queries.visible_specifications(api_viewer(request))


@router.get(
    "/commissioning/specifications/{slug}",
    response=SpecificationDetailOut,
    summary="One service specification",
    url_name="plans_get_specification",
)
def get_specification(request: HttpRequest, slug: str):
    """A specification with every version, latest first, and each version's outcomes and
    KPIs (an outcomes indicator's code and its target, or target range)."""
    versions = SpecificationVersion.objects.order_by("-version").prefetch_related(
        "outcomes",
        Prefetch("kpis", queryset=Kpi.objects.select_related("indicator").order_by("position")),
    )
    specs = (
        Specification.objects.visible_to(api_viewer(request))
        .filter(slug=slug)
        .select_related("service_area", "intention")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )
    return one_or_404(specs, "No such specification.")
