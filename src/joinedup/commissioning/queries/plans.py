"""Reads of analyse, plan and review: the access functions of needs chapters, intentions,
service areas and specifications; the golden thread from a need and back from a contracting
process; the strategy's partnership measures; and the commissioning dashboard.

Every list starts from `.visible_to(viewer)`; one record comes through an `access_*` function,
a 404 when the viewer may not see it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from joinedup.core.access import ANONYMOUS, Viewer
from joinedup.core.choices import CareSetting, SizeBand, StaffRole
from joinedup.outcomes.models import Indicator, Observation

from ..choices import CommissioningModel
from ..models import (
    Contract,
    ContractingProcess,
    ContractParty,
    Intention,
    Kpi,
    ModelChange,
    NeedsChapter,
    NeedsEvidence,
    RouteDecision,
    RouteOption,
    ServiceArea,
    Specification,
    SpecificationVersion,
)

PARTNERSHIP_MODELS = (
    CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
    CommissioningModel.MATURE_INTEGRATED_PARTNERSHIP,
)
SMALL_BANDS = (SizeBand.MICRO, SizeBand.SMALL)
JERSEY = "JE"  # the outcomes subject of the whole island


def may_commission(viewer: Viewer) -> bool:
    """Commissioners (and admins) write needs, intentions, routes and specifications."""
    return viewer.has_role(StaffRole.COMMISSIONER)


def _one(queryset, message: str):
    found = queryset.first()
    if found is None:
        raise Http404(message)
    return found


# Needs chapters ---------------------------------------------------------------------------------


def visible_chapters(viewer: Viewer) -> QuerySet[NeedsChapter]:
    return NeedsChapter.objects.visible_to(viewer).prefetch_related("population_groups")


def access_chapter(viewer: Viewer, *, slug: str) -> NeedsChapter:
    return _one(visible_chapters(viewer).filter(slug=slug), "No such needs chapter.")


def chapter_evidence(chapter: NeedsChapter, viewer: Viewer) -> list[NeedsEvidence]:
    """The chapter's evidence; indicator evidence only where the viewer may see the indicator."""
    seen = Indicator.objects.visible_to(viewer).values("pk")
    evidence = chapter.evidence.select_related("indicator")
    return [
        e for e in evidence.filter(indicator__isnull=True) | evidence.filter(indicator__in=seen)
    ]


def access_evidence_file(viewer: Viewer, *, evidence_id) -> NeedsEvidence:
    """An uploaded document of a chapter the viewer may see."""
    return _one(
        NeedsEvidence.objects.filter(
            pk=evidence_id, chapter__in=NeedsChapter.objects.visible_to(viewer).values("pk")
        ).exclude(file=""),
        "No such document.",
    )


@dataclass(frozen=True)
class OutcomeSince:
    """An evidence indicator's latest figure, for the chapter's 'outcomes since'."""

    indicator: Indicator
    figure: Observation | None
    evidence_dated: date

    @property
    def is_since(self) -> bool:
        return self.figure is not None and self.figure.period_end >= self.evidence_dated


def outcomes_since(evidence: list[NeedsEvidence]) -> list[OutcomeSince]:
    """Each evidence indicator's latest observation (one query: only each indicator's latest
    period is read), Jersey's own where there is one: what the measure says now, against the
    date the need was assessed on it."""
    newest = (
        Observation.objects.filter(indicator=OuterRef("indicator"))
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    figures = (
        Observation.objects.filter(
            indicator__in=[e.indicator_id for e in evidence if e.indicator_id],
            period_start=Subquery(newest),
        )
        .select_related("subject")
        .order_by("indicator", "subject__code")
    )
    latest = {}
    for figure in figures:
        if figure.indicator_id not in latest or figure.subject.code == JERSEY:
            latest[figure.indicator_id] = figure
    return [
        OutcomeSince(e.indicator, latest.get(e.indicator_id), e.dated)
        for e in evidence
        if e.indicator_id
    ]


@dataclass(frozen=True)
class Branch:
    """One record of the thread from a need and what hangs from it: an intention and its
    specifications, a specification and its processes, a process and its contracts."""

    record: object
    children: list


def visible_processes(viewer: Viewer) -> QuerySet[ContractingProcess]:
    """Contracting processes the viewer may see: a notice by the procurement stage's own rule
    (drafts are commissioners' business), and any process whose contract the viewer may see (a
    partnership agreement or a grant has a contract but never a published notice)."""
    try:
        from . import procurement
    except ImportError:  # pragma: no cover - the procurement stage is built alongside
        procurement = None
    rule = getattr(procurement, "visible_processes", None)
    notices = rule(viewer) if rule else ContractingProcess.objects.visible_to(viewer)
    contracted = Contract.objects.visible_to(viewer).values("process_id")
    return ContractingProcess.objects.filter(Q(pk__in=notices.values("pk")) | Q(pk__in=contracted))


def thread_from_need(chapter: NeedsChapter, viewer: Viewer) -> list[Branch]:
    """Everything commissioned against a need, as far as the viewer may see it: intentions →
    specifications → contracting processes → contracts. Four queries, whatever the count."""
    intentions = list(
        Intention.objects.visible_to(viewer).filter(needs_chapters=chapter).order_by("number")
    )
    specs = Specification.objects.visible_to(viewer).filter(intention__in=intentions)
    specs = list(specs.select_related("service_area").order_by("title"))
    processes = list(visible_processes(viewer).filter(specification__in=specs).order_by("title"))
    contracts = Contract.objects.visible_to(viewer).filter(process__in=processes)
    by_process = defaultdict(list)
    for contract in contracts.select_related("lead_provider").order_by("title"):
        by_process[contract.process_id].append(contract)
    by_spec = defaultdict(list)
    for process in processes:
        by_spec[process.specification_id].append(Branch(process, by_process[process.pk]))
    by_intention = defaultdict(list)
    for spec in specs:
        by_intention[spec.intention_id].append(Branch(spec, by_spec[spec.pk]))
    return [Branch(intention, by_intention[intention.pk]) for intention in intentions]


# Intentions -------------------------------------------------------------------------------------


def visible_intentions(viewer: Viewer) -> QuerySet[Intention]:
    return Intention.objects.visible_to(viewer).order_by("number")


def access_intention(viewer: Viewer, *, slug: str) -> Intention:
    return _one(visible_intentions(viewer).filter(slug=slug), "No such intention.")


def route_decisions(intention: Intention, viewer: Viewer) -> list[RouteDecision]:
    """The intention's route decisions, latest first, with their options and approving
    decision (shown only where the viewer may see the decision)."""
    from joinedup.governance.access import visible_decisions

    decisions = (
        intention.routes.select_related("decision__body", "service_area")
        .prefetch_related(Prefetch("options", queryset=RouteOption.objects.order_by("-preferred")))
        .order_by("-decided_on", "-recorded_at")
    )
    seen = set(
        visible_decisions(viewer)
        .filter(pk__in=[d.decision_id for d in decisions])
        .values_list("pk", flat=True)
    )
    for route in decisions:
        route.decision_visible = route.decision_id in seen
    return list(decisions)


# Service areas ----------------------------------------------------------------------------------


def visible_service_areas(viewer: Viewer) -> QuerySet[ServiceArea]:
    return ServiceArea.objects.visible_to(viewer).order_by("name")


def access_service_area(viewer: Viewer, *, slug: str) -> ServiceArea:
    return _one(visible_service_areas(viewer).filter(slug=slug), "No such service area.")


def model_history(area: ServiceArea) -> list[ModelChange]:
    return list(area.changes.select_related("recorded_by").order_by("changed_on", "recorded_at"))


# Specifications ---------------------------------------------------------------------------------


def visible_specifications(viewer: Viewer) -> QuerySet[Specification]:
    return (
        Specification.objects.visible_to(viewer)
        .select_related("service_area", "intention")
        .prefetch_related("versions")
        .order_by("title")
    )


def access_specification(viewer: Viewer, *, slug: str) -> Specification:
    return _one(visible_specifications(viewer).filter(slug=slug), "No such specification.")


def specification_versions(spec: Specification) -> list[SpecificationVersion]:
    """Every version, latest first, with its outcomes and its KPIs' indicators (three queries)."""
    return list(
        spec.versions.select_related("created_by")
        .prefetch_related(
            "outcomes",
            Prefetch("kpis", queryset=Kpi.objects.select_related("indicator").order_by("position")),
        )
        .order_by("-version")
    )


# The golden thread back from a contracting process ----------------------------------------------


@dataclass(frozen=True)
class Thread:
    """Why a contracting process exists: its specification, the intention it delivers, the
    needs behind it and the governance decision that approved the route."""

    specification: Specification | None
    intention: Intention | None
    chapters: list[NeedsChapter]
    route: RouteDecision | None
    decision: object | None


def thread_for(process: ContractingProcess, viewer: Viewer = ANONYMOUS) -> Thread:
    """The golden thread of a contracting process, as far as the viewer may see it."""
    spec = None
    if process.specification_id:
        spec = Specification.objects.visible_to(viewer).filter(pk=process.specification_id)
        spec = spec.select_related("intention").first()
    intention_id = process.intention_id or (spec.intention_id if spec else None)
    intention = Intention.objects.visible_to(viewer).filter(pk=intention_id).first()
    if intention is None:
        return Thread(spec, None, [], None, None)
    chapters = list(intention.needs_chapters.visible_to(viewer).order_by("title"))
    routes = intention.routes.select_related("decision__body")
    area_route = routes.filter(service_area_id=process.service_area_id).first()
    route = area_route or routes.filter(service_area__isnull=True).first() or routes.first()
    decision = None
    if route is not None:
        from joinedup.governance.access import visible_decisions

        decision = visible_decisions(viewer).filter(pk=route.decision_id).first()
    return Thread(spec, intention, chapters, route, decision)


# The strategy's partnership measures ------------------------------------------------------------


@dataclass(frozen=True)
class ContractRow:
    id: object
    title: str
    model: str
    care_setting: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class PartyRow:
    contract_id: object
    organisation_id: object
    organisation_name: str
    size_band: str
    role: str
    joined_on: date | None
    opted_out_on: date | None


@dataclass(frozen=True)
class Partnership:
    contract: ContractRow
    members: list[PartyRow]  # taking part on the day
    opted_out: list[PartyRow]


@dataclass(frozen=True)
class Measures:
    """The strategy's partnership measures on one day ('Outcomes for success')."""

    on: date
    partnerships: list[Partnership]
    care_settings: list[str]
    member_count: int
    small_partner_count: int
    opted_out_count: int

    @property
    def partnership_count(self) -> int:
        return len(self.partnerships)

    @property
    def care_setting_labels(self) -> list[str]:
        return [CareSetting(s).label for s in self.care_settings]

    @property
    def settings_not_covered(self) -> list[str]:
        return [label for value, label in CareSetting.choices if value not in self.care_settings]


def partnership_measures(contracts, parties, *, on: date) -> Measures:
    """The measures as a pure function of the register's rows.

    A partnership is a contract in force on the day whose model is an integrated community
    partnership or a mature integrated partnership. Its members on the day are its parties that
    had joined (or have no joining date) and had not opted out. The small partners are the
    distinct micro and small organisations among all the partnerships' members; the opted out
    are the memberships left by the day."""
    in_force = [
        c for c in contracts
        if c.model in PARTNERSHIP_MODELS and c.starts_on <= on <= c.ends_on
    ]  # fmt: skip
    by_contract = defaultdict(list)
    for party in parties:
        by_contract[party.contract_id].append(party)
    partnerships = []
    for contract in sorted(in_force, key=lambda c: c.title):
        rows = by_contract[contract.id]
        left = [p for p in rows if p.opted_out_on is not None and p.opted_out_on <= on]
        members = [
            p for p in rows
            if p not in left and (p.joined_on is None or p.joined_on <= on)
        ]  # fmt: skip
        partnerships.append(Partnership(contract, members, left))
    taking_part = {p.organisation_id: p for ps in partnerships for p in ps.members}
    settings = {p.contract.care_setting for p in partnerships}
    return Measures(
        on=on,
        partnerships=partnerships,
        care_settings=[value for value in CareSetting.values if value in settings],
        member_count=len(taking_part),
        small_partner_count=sum(1 for p in taking_part.values() if p.size_band in SMALL_BANDS),
        opted_out_count=sum(len(p.opted_out) for p in partnerships),
    )


def register_rows(contracts: QuerySet | None = None) -> tuple[list[ContractRow], list[PartyRow]]:
    """The contracts register as rows for the pure measures (two queries)."""
    contracts = Contract.objects.all() if contracts is None else contracts
    contract_rows = [
        ContractRow(*values)
        for values in contracts.values_list(
            "id", "title", "model", "care_setting", "starts_on", "ends_on"
        )
    ]
    party_rows = [
        PartyRow(*values)
        for values in ContractParty.objects.filter(
            contract__in=[c.id for c in contract_rows]
        ).values_list(
            "contract_id",
            "organisation_id",
            "organisation__name",
            "organisation__size_band",
            "role",
            "joined_on",
            "opted_out_on",
        )  # fmt: skip
    ]
    return contract_rows, party_rows


def measures_on(day: date, viewer: Viewer | None = None) -> Measures:
    """The measures on a day: over the whole register (as recorded), or over what a viewer may
    see (as a page shows them)."""
    contracts = None if viewer is None else Contract.objects.visible_to(viewer)
    contract_rows, party_rows = register_rows(contracts)
    return partnership_measures(contract_rows, party_rows, on=day)


# The commissioning dashboard --------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int
    value: Decimal


@dataclass
class Dashboard:
    today: date
    contract_count: int
    total_value: Decimal
    by_model: list[Tally]
    by_setting: list[Tally]
    expiring: list
    kpi_ratings: list[tuple[str, str, int]]
    kpi_returns_counted: int
    measures: Measures
    value_over_time: list[dict]


def _tallies(contracts, key: str, choices) -> list[Tally]:
    counts, values = Counter(), defaultdict(Decimal)
    for contract in contracts:
        counts[getattr(contract, key)] += 1
        values[getattr(contract, key)] += contract.value
    return [Tally(v, label, counts[v], values[v]) for v, label in choices if counts[v]]


def kpi_performance(contract_ids) -> tuple[list[tuple[str, str, int]], int]:
    """The latest validated rating of each KPI of each contract, counted by rating (one query).
    Nothing to count until the contracts stage records returns."""
    from ..choices import PerformanceRating
    from ..models import KpiReturn

    latest = {}
    returns = (
        KpiReturn.objects.validated()
        .filter(contract__in=contract_ids)
        .exclude(rating="")
        .order_by("period_start", "submitted_at")
        .values_list("contract_id", "kpi_id", "rating")
    )
    for contract_id, kpi_id, rating in returns:
        latest[(contract_id, kpi_id)] = rating
    counts = Counter(latest.values())
    return [(v, label, counts[v]) for v, label in PerformanceRating.choices], len(latest)


def value_over_time(contracts) -> list[dict]:
    """The value commissioned through each model by the year its contracts start: the
    measure of integration achieved."""
    sums = defaultdict(Decimal)
    for contract in contracts:
        sums[(contract.starts_on.year, contract.model)] += contract.value
    labels = dict(CommissioningModel.choices)
    return [
        {"year": str(year), "model": labels[model], "value": float(value)}
        for (year, model), value in sorted(sums.items())
    ]


def dashboard(viewer: Viewer, *, today: date, expiring_within_days: int = 365) -> Dashboard:
    """The commissioning dashboard over the contracts the viewer may see: a fixed number of
    queries whatever the size of the register."""
    contracts = list(
        Contract.objects.visible_to(viewer).select_related("lead_provider").order_by("ends_on")
    )
    horizon = today + timedelta(days=expiring_within_days)
    ratings, counted = kpi_performance([c.pk for c in contracts])
    return Dashboard(
        today=today,
        contract_count=len(contracts),
        total_value=sum((c.value for c in contracts), Decimal(0)),
        by_model=_tallies(contracts, "model", CommissioningModel.choices),
        by_setting=_tallies(contracts, "care_setting", CareSetting.choices),
        expiring=[c for c in contracts if today <= c.ends_on <= horizon],
        kpi_ratings=ratings,
        kpi_returns_counted=counted,
        measures=measures_on(today, viewer),
        value_over_time=value_over_time(contracts),
    )
