"""Writes of analyse and plan: needs chapters and their evidence, intentions and their delivery
plan, service areas and their commissioning model, route decisions, specifications with KPIs,
and the strategy's partnership measures recorded as outcomes indicators.

Each is one transaction ending in an audit entry; each refuses, with a message naming the field
and nothing changed, what cannot be right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import audit, concurrency, uploads
from joinedup.core.choices import Visibility
from joinedup.core.rules import refuse
from joinedup.governance.services import check_paper_file
from joinedup.outcomes import periods
from joinedup.outcomes import services as outcomes_services
from joinedup.outcomes.choices import Frequency, Polarity, SubjectKind, ValueType
from joinedup.outcomes.models import Indicator, Subject

from ..choices import CommissioningModel, Route
from ..models import (
    CarePathway,
    DeliveryAction,
    Intention,
    Kpi,
    ModelChange,
    NeedsChapter,
    NeedsEvidence,
    PopulationGroup,
    Principle,
    RouteDecision,
    RouteOption,
    ServiceArea,
    Specification,
    SpecificationOutcome,
    SpecificationVersion,
)


def _required(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        refuse(f"Enter {what}.", field)
    return value


def _unique_slug(model, text: str, field: str, what: str) -> str:
    slug = slugify(text)[:200]
    if not slug:
        refuse(f"Enter {what} with letters or numbers in it.", field)
    if model.objects.filter(slug=slug).exists():
        refuse(f"There is already {what} called '{text}'.", field)
    return slug


def _not_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        refuse(f"{what} cannot be in the future.", field)


# Needs ------------------------------------------------------------------------------------------


def population_group(*, name: str) -> PopulationGroup:
    """The population group of this name, added the first time it is named."""
    name = _required(name, "population_groups", "a population group")
    found = PopulationGroup.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    return PopulationGroup.objects.create(name=name, slug=slugify(name)[:100])


@transaction.atomic
def create_chapter(
    *, title, summary="", gap="", assessed_on=None, population_groups=(),
    visibility=Visibility.PUBLIC, synthetic=False, by=None,
) -> NeedsChapter:  # fmt: skip
    """Add a chapter of the needs assessment, with the population groups it looks at."""
    title = _required(title, "title", "the chapter's title")
    if not (gap or "").strip():
        refuse("Say what gap between need and provision the chapter found.", "gap")
    if assessed_on is not None:
        _not_future(assessed_on, "assessed_on", "The date of the assessment")
    chapter = NeedsChapter.objects.create(
        slug=_unique_slug(NeedsChapter, title, "title", "a chapter"), title=title,
        summary=summary.strip(), gap=gap.strip(), assessed_on=assessed_on,
        visibility=visibility, synthetic=synthetic,
    )  # fmt: skip
    groups = [population_group(name=g) if isinstance(g, str) else g for g in population_groups]
    chapter.population_groups.set(groups)
    audit.record(
        action="needs_chapter.created", by=by, obj=chapter,
        data={"title": title, "population_groups": sorted(g.name for g in groups)},
    )  # fmt: skip
    return chapter


@transaction.atomic
def add_evidence(
    *, chapter, dated, indicator=None, title="", url="", file=None, note="", by=None
) -> NeedsEvidence:
    """Add a dated piece of evidence to a chapter: an outcomes indicator, or a document given
    by its title with a link or an uploaded file (PDF, DOCX or XLSX)."""
    title, url = (title or "").strip(), (url or "").strip()
    if dated is None:
        refuse("Enter the date of the evidence.", "dated")
    _not_future(dated, "dated", "The date of the evidence")
    if indicator is not None and (title or url or file):
        refuse("Give either an indicator or a document, not both.", "indicator")
    if indicator is None:
        if not title:
            refuse("Enter the document's title, or choose an indicator.", "title")
        if not url and file is None:
            refuse("Give a link to the document or upload it.", "url")
        if url and file is not None:
            refuse("Give a link or a file, not both.", "url")
        if url and not url.startswith(("https://", "http://")):
            refuse("A link starts with https:// or http://.", "url")
    elif chapter.evidence.filter(indicator=indicator).exists():
        refuse(f"{indicator} is already evidence of this chapter.", "indicator")
    evidence = NeedsEvidence(
        chapter=chapter, indicator=indicator, title=title, url=url, dated=dated,
        note=(note or "").strip(), added_at=timezone.now(),
    )  # fmt: skip
    if file is not None:
        evidence.content_type = check_paper_file(file)
    evidence.full_clean(exclude=["file"])
    if file is not None:  # kept only once the rest is known good: a refusal leaves no file
        # Within the field's 100 characters, after the folders of its upload_to.
        evidence.file.save(uploads.safe_file_name(file.name, limit=60), file, save=False)
    evidence.save()
    audit.record(
        action="needs_chapter.evidence_added", by=by, obj=chapter,
        data={"indicator": indicator.code if indicator else None, "title": title, "url": url,
              "file": evidence.file.name or None, "dated": dated.isoformat()},
    )  # fmt: skip
    return evidence


# Intentions, principles, pathways --------------------------------------------------------------


@transaction.atomic
def add_principle(*, number: int, text: str, by=None) -> Principle:
    text = _required(text, "text", "the principle")
    if Principle.objects.filter(number=number).exists():
        refuse(f"There is already a principle {number}.", "number")
    principle = Principle.objects.create(number=number, text=text)
    audit.record(action="principle.added", by=by, obj=principle, data={"number": number})
    return principle


@transaction.atomic
def create_care_pathway(*, name, description="", by=None) -> CarePathway:
    name = _required(name, "name", "the pathway's name")
    pathway = CarePathway.objects.create(
        slug=_unique_slug(CarePathway, name, "name", "a care pathway"), name=name,
        description=description.strip(),
    )  # fmt: skip
    audit.record(action="care_pathway.created", by=by, obj=pathway, data={"name": name})
    return pathway


@transaction.atomic
def create_intention(
    *, number, title, theme="", scope="", vision="", needs_chapters=(), care_pathways=(),
    visibility=Visibility.PUBLIC, by=None,
) -> Intention:  # fmt: skip
    """Add a commissioning intention with its scope and vision and the needs it answers."""
    title = _required(title, "title", "the intention")
    if Intention.objects.filter(number=number).exists():
        refuse(f"There is already an intention {number}.", "number")
    intention = Intention.objects.create(
        number=number, slug=_unique_slug(Intention, title, "title", "an intention"),
        title=title, theme=theme.strip(), scope=scope.strip(), vision=vision.strip(),
        visibility=visibility,
    )  # fmt: skip
    intention.needs_chapters.set(needs_chapters)
    intention.care_pathways.set(care_pathways)
    audit.record(
        action="intention.created", by=by, obj=intention,
        data={"number": number, "title": title,
              "needs_chapters": sorted(c.slug for c in needs_chapters)},
    )  # fmt: skip
    return intention


@transaction.atomic
def add_delivery_action(
    *, intention, achieve, how, owner="", due_by=None, synthetic=False, by=None
) -> DeliveryAction:
    """Add a line to an intention's delivery plan: what we want for Islanders, and how."""
    achieve = _required(achieve, "achieve", "what we want to achieve for Islanders")
    how = _required(how, "how", "how it will be achieved")
    last = intention.actions.order_by("-position").values_list("position", flat=True).first()
    action = DeliveryAction.objects.create(
        intention=intention, position=(last or 0) + 1, achieve=achieve, how=how,
        owner=owner.strip(), due_by=due_by, synthetic=synthetic,
    )  # fmt: skip
    audit.record(
        action="intention.action_added", by=by, obj=intention,
        data={"achieve": achieve, "owner": owner, "due_by": due_by},
    )  # fmt: skip
    return action


# Service areas and their model -----------------------------------------------------------------


@transaction.atomic
def create_service_area(
    *, name, care_setting, model, since: date, reason="", description="", care_pathways=(),
    visibility=Visibility.PUBLIC, by=None,
) -> ServiceArea:  # fmt: skip
    """Add a service area in its current commissioning model; the model's history starts with
    the day it has been commissioned that way."""
    name = _required(name, "name", "the service area's name")
    if model not in CommissioningModel.values:
        refuse("Choose one of the strategy's three commissioning models.", "model")
    area = ServiceArea(
        slug=_unique_slug(ServiceArea, name, "name", "a service area"), name=name,
        care_setting=care_setting, model=model, description=description.strip(),
        visibility=visibility,
    )  # fmt: skip
    area.full_clean()
    area.save()
    area.care_pathways.set(care_pathways)
    ModelChange.objects.create(
        service_area=area, from_model="", to_model=model, changed_on=since,
        reason=reason.strip() or "Commissioned this way when the service area was recorded.",
        recorded_at=timezone.now(), recorded_by=by,
    )  # fmt: skip
    audit.record(
        action="service_area.created", by=by, obj=area,
        data={"name": name, "model": model, "since": since.isoformat()},
    )  # fmt: skip
    return area


@transaction.atomic
def change_service_area_model(
    *, service_area, to_model, changed_on: date, reason, by=None, based_on: str | None = None
):  # fmt: skip
    """Move a service area to another commissioning model, dated and with the reason; the
    history keeps every change. From the form, `based_on` is the version it was drawn from."""
    area = ServiceArea.objects.select_for_update().get(pk=service_area.pk)
    concurrency.refuse_if_changed(area, based_on, what=f"the service area {area}")
    if to_model not in CommissioningModel.values:
        refuse("Choose one of the strategy's three commissioning models.", "to_model")
    if to_model == area.model:
        refuse(f"{area} is already commissioned as {area.get_model_display().lower()}.",
                "to_model")  # fmt: skip
    reason = _required(reason, "reason", "the reason for the change")
    if changed_on is None:
        refuse("Enter the day the model changed.", "changed_on")
    _not_future(changed_on, "changed_on", "The day of the change")
    last = area.changes.order_by("-changed_on").first()
    if last is not None and changed_on < last.changed_on:
        refuse(
            f"The last change was on {last.changed_on:%d %B %Y}: a new one cannot come before it.",
            "changed_on",
        )
    change = ModelChange.objects.create(
        service_area=area, from_model=area.model, to_model=to_model, changed_on=changed_on,
        reason=reason, recorded_at=timezone.now(), recorded_by=by,
    )  # fmt: skip
    area.model = to_model
    area.save(update_fields=["model"])
    audit.record(
        action="service_area.model_changed", by=by, obj=area,
        data={"from": change.from_model, "to": to_model, "on": changed_on.isoformat(),
              "reason": reason},
    )  # fmt: skip
    return change


# Route decisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionIn:
    """An option considered in an options appraisal."""

    route: str
    pros: str
    cons: str


@transaction.atomic
def record_route_decision(
    *, intention, route, rationale, decision, options, service_area=None, by=None
) -> RouteDecision:
    """Record how an intention is to be delivered: the options considered with their pros and
    cons, the preferred one (the route chosen), and the governance decision that approved it."""
    if route not in Route.values:
        refuse("Choose a route from the list.", "route")
    if decision is None:
        refuse("Choose the governance decision that approved the route.", "decision")
    rationale = _required(rationale, "rationale", "why the preferred option was chosen")
    options = [o for o in options if o.route or o.pros.strip() or o.cons.strip()]
    if len(options) < 2:
        refuse("An options appraisal considers at least two options.", "options")
    routes = [o.route for o in options]
    if len(set(routes)) != len(routes):
        refuse("Each option is a different route: one is listed twice.", "options")
    for option in options:
        if option.route not in Route.values:
            refuse("Each option needs a route from the list.", "options")
        if not option.pros.strip() or not option.cons.strip():
            refuse(f"Give the pros and the cons of '{Route(option.route).label}'.", "options")
    if route not in routes:
        refuse("The route chosen must be one of the options considered.", "route")
    chosen = RouteDecision.objects.create(
        intention=intention, service_area=service_area, route=route, rationale=rationale,
        decision=decision, decided_on=decision.decided_on, recorded_at=timezone.now(),
        recorded_by=by,
    )  # fmt: skip
    RouteOption.objects.bulk_create(
        RouteOption(
            decision=chosen,
            route=o.route,
            pros=o.pros.strip(),
            cons=o.cons.strip(),
            preferred=o.route == route,
        )  # fmt: skip
        for o in options
    )
    audit.record(
        action="intention.route_decided", by=by, obj=intention,
        data={"route": route, "options": routes, "decision": decision.reference,
              "service_area": service_area.slug if service_area else None},
    )  # fmt: skip
    return chosen


# Specifications --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiIn:
    """A KPI to set: an outcomes indicator and its target (a figure, or a range)."""

    indicator: Indicator
    target: float | None = None
    target_upper: float | None = None


def _checked_kpis(kpis) -> list[KpiIn]:
    kpis = list(kpis)
    if not kpis:
        refuse("A specification needs at least one KPI.", "kpis")
    seen = set()
    for kpi in kpis:
        if kpi.indicator is None:
            refuse("Each KPI is an outcomes indicator: choose one.", "kpis")
        if kpi.indicator.pk in seen:
            refuse(f"{kpi.indicator} is a KPI twice.", "kpis")
        seen.add(kpi.indicator.pk)
        if kpi.target is None:
            refuse(f"Set the target of {kpi.indicator}.", "kpis")
        if kpi.target_upper is not None and kpi.target_upper <= kpi.target:
            refuse(f"The upper end of {kpi.indicator}'s target range must be above its lower "
                    "end.", "kpis")  # fmt: skip
    return kpis


def _checked_outcomes(outcomes) -> list[str]:
    outcomes = [o.strip() for o in outcomes if o and o.strip()]
    if not outcomes:
        refuse("A specification states at least one outcome for Islanders.", "outcomes")
    return outcomes


def _write_version(specification, number, *, fields, outcomes, kpis, by) -> SpecificationVersion:
    version = SpecificationVersion.objects.create(
        specification=specification, version=number, created_at=timezone.now(), created_by=by,
        **fields,
    )  # fmt: skip
    SpecificationOutcome.objects.bulk_create(
        SpecificationOutcome(specification_version=version, position=n, text=text)
        for n, text in enumerate(outcomes, start=1)
    )
    Kpi.objects.bulk_create(
        Kpi(
            specification_version=version,
            indicator=k.indicator,
            target=k.target,
            target_upper=k.target_upper,
            position=n,
        )  # fmt: skip
        for n, k in enumerate(kpis, start=1)
    )
    return version


@transaction.atomic
def create_specification(
    *, title, service_area, service_description, outcomes, kpis, intention=None, population="",
    effective_from=None, visibility=Visibility.PUBLIC, by=None,
) -> Specification:  # fmt: skip
    """Write a service specification: version 1, with its outcomes and KPIs."""
    title = _required(title, "title", "the specification's title")
    if service_area is None:
        refuse("Choose the service area it specifies.", "service_area")
    description = _required(service_description, "service_description", "what the service is")
    outcomes, kpis = _checked_outcomes(outcomes), _checked_kpis(kpis)
    specification = Specification.objects.create(
        slug=_unique_slug(Specification, title, "title", "a specification"), title=title,
        intention=intention, service_area=service_area, visibility=visibility,
    )  # fmt: skip
    fields = {"service_description": description, "population": population.strip(),
              "effective_from": effective_from, "change_note": "First version."}  # fmt: skip
    _write_version(specification, 1, fields=fields, outcomes=outcomes, kpis=kpis, by=by)
    audit.record(
        action="specification.created", by=by, obj=specification,
        data={"title": title, "version": 1, "kpis": [k.indicator.code for k in kpis]},
    )  # fmt: skip
    return specification


@transaction.atomic
def add_specification_version(
    *, specification, change_note, effective_from=None, service_description=None,
    population=None, outcomes=None, kpis=None, by=None, based_on: str | None = None,
) -> SpecificationVersion:  # fmt: skip
    """A new version: a copy of the latest with the changes given; the old versions stay as
    they were. What is not given (None) is copied unchanged. From the form, `based_on` is the
    version of the latest that it was drawn from: a new version never drops another's unseen."""
    # Lock the specification, not its latest version: a version added meanwhile is then seen.
    Specification.objects.select_for_update().get(pk=specification.pk)
    latest = SpecificationVersion.objects.filter(specification=specification).latest("version")
    concurrency.refuse_if_changed(latest, based_on, what=f"the specification {specification}")
    change_note = _required(change_note, "change_note", "what changed in this version")
    if (
        effective_from is not None
        and latest.effective_from
        and (effective_from < latest.effective_from)
    ):
        refuse(
            f"Version {latest.version} is in force from {latest.effective_from:%d %B %Y}: a new "
            "version cannot start before it.",
            "effective_from",
        )
    if outcomes is None:
        outcomes = [o.text for o in latest.outcomes.all()]
    if kpis is None:
        kpis = [KpiIn(k.indicator, k.target, k.target_upper) for k in latest.kpis.all()]
    outcomes, kpis = _checked_outcomes(outcomes), _checked_kpis(kpis)
    description = latest.service_description if service_description is None else service_description
    fields = {
        "service_description": _required(description, "service_description", "what it is"),
        "population": latest.population if population is None else population.strip(),
        "effective_from": effective_from or latest.effective_from,
        "change_note": change_note,
    }
    version = _write_version(
        specification, latest.version + 1, fields=fields, outcomes=outcomes, kpis=kpis, by=by
    )
    audit.record(
        action="specification.versioned", by=by, obj=specification,
        data={"version": version.version, "change_note": change_note,
              "kpis": [k.indicator.code for k in kpis]},
    )  # fmt: skip
    return version


# The strategy's partnership measures, kept as outcomes indicators -------------------------------

MEASURES_SUBJECT = {
    "code": "JE-PARTNERSHIPS",
    "name": "Jersey's commissioned partnerships",
    "kind": SubjectKind.SYSTEM,
}
# (code, name, definition, polarity), in the strategy's words ("Outcomes for success").
MEASURE_INDICATORS = [
    ("CP-PARTNERSHIPS", "Partnerships in place",
     "How many partnerships? Contracts in force whose commissioning model is an integrated "
     "community partnership or a mature integrated partnership.", Polarity.HIGHER_IS_BETTER),
    ("CP-CARE-SETTINGS", "Care settings the partnerships cover",
     "Do they cover the spectrum of care? The number of distinct care settings of the "
     "partnerships in force.", Polarity.HIGHER_IS_BETTER),
    ("CP-MEMBERS", "Organisations in partnerships",
     "Who is in each partnership? Distinct organisations taking part in a partnership in force "
     "(lead, sub-contractor or member) that have not opted out.", Polarity.HIGHER_IS_BETTER),
    ("CP-SMALL-PARTNERS", "Small partners in partnerships",
     "How many smaller partners are included? Distinct micro and small organisations taking "
     "part in a partnership in force that have not opted out.", Polarity.HIGHER_IS_BETTER),
    ("CP-OPTED-OUT", "Partners that opted out",
     "How many opted out? Memberships of partnerships in force that the organisation has "
     "left (opted out) by the end of the period.", Polarity.NO_JUDGEMENT),
]  # fmt: skip


def measures_subject(*, by=None) -> Subject:
    found = Subject.objects.filter(code=MEASURES_SUBJECT["code"]).first()
    return found or outcomes_services.create_subject(**MEASURES_SUBJECT, by=by)


def measure_indicators(*, by=None) -> dict[str, Indicator]:
    """The five indicators of the partnership measures, defined the first time they are
    needed."""
    codes = [code for code, *_ in MEASURE_INDICATORS]
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for code, name, definition, polarity in MEASURE_INDICATORS:
        if code not in found:
            found[code] = outcomes_services.create_indicator(
                code=code, name=name, definition=definition, value_type=ValueType.COUNT,
                polarity=polarity, frequency=Frequency.QUARTERLY,
                source="Joined Up commissioning register", by=by,
            )  # fmt: skip
    return found


@transaction.atomic
def record_partnership_measures(*, period: periods.Period, by=None) -> dict[str, int]:
    """Compute the strategy's partnership measures at the end of `period` (or today, for the
    current period) from the contracts register and record them as observations of their
    indicators, one per period, so their history is kept. Returns the figures by code."""
    from ..queries.plans import measures_on  # queries read the register; no cycle at import

    if period.start > timezone.localdate():
        refuse("The period has not started yet: there is nothing to measure.", "period")
    measures = measures_on(min(period.end, timezone.localdate()))
    figures = {
        "CP-PARTNERSHIPS": measures.partnership_count,
        "CP-CARE-SETTINGS": len(measures.care_settings),
        "CP-MEMBERS": measures.member_count,
        "CP-SMALL-PARTNERS": measures.small_partner_count,
        "CP-OPTED-OUT": measures.opted_out_count,
    }
    indicators, subject = measure_indicators(by=by), measures_subject(by=by)
    for code, value in figures.items():
        outcomes_services.record_observation(
            indicator=indicators[code], subject=subject, period=period, value=float(value),
            source="Computed from the commissioning register", by=by,
        )  # fmt: skip
    audit.record(
        action="partnership_measures.recorded", by=by, obj=subject,
        data={"period": period.label, **figures},
    )  # fmt: skip
    return figures
