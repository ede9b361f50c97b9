"""Reads of the contracts register, and who may see and do what in it.

The register and every contract page are public records (a contract carries its own
visibility, which `visible_contracts` honours). KPI returns once validated are public with their
contract; returns awaiting validation or sent back are seen by the contract's parties and the
commissioners. The lead provider submits returns; commissioners validate them, vary contracts
and decide extensions. A contract the viewer may not see is a 404; a page the viewer may see but
not use is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from joinedup.core.access import Viewer
from joinedup.core.choices import StaffRole

from ..choices import Route
from ..models import Contract, ContractParty, Kpi, KpiReturn
from . import plans


def is_commissioner(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.COMMISSIONER)


def visible_contracts(viewer: Viewer) -> QuerySet:
    return Contract.objects.visible_to(viewer)


@dataclass(frozen=True)
class RegisterFilters:
    model: str = ""
    care_setting: str = ""
    status: str = ""


def register(viewer: Viewer, filters: RegisterFilters, *, on: date) -> QuerySet:
    """The contracts register as this viewer may see it, filtered, with what a row shows."""
    contracts = visible_contracts(viewer).select_related("lead_provider", "service_area")
    if filters.model:
        contracts = contracts.filter(model=filters.model)
    if filters.care_setting:
        contracts = contracts.filter(care_setting=filters.care_setting)
    if filters.status:
        contracts = contracts.with_status(filters.status, on)
    return contracts.order_by("title")


def contracts_of(viewer: Viewer) -> QuerySet:
    """ "Your contracts": those in which the viewer's organisation is a party."""
    if viewer.organisation_id is None:
        return Contract.objects.none()
    return (
        visible_contracts(viewer)
        .involving(viewer.organisation_id)
        .select_related("lead_provider", "service_area")
        .order_by("ends_on", "title")
    )


def access_contract(viewer: Viewer, *, slug: str) -> Contract:
    """The contract if this viewer may see it; otherwise 404."""
    contract = (
        visible_contracts(viewer)
        .filter(slug=slug)
        .select_related(
            "lead_provider",
            "service_area",
            "process__buyer",
            "specification_version__specification",
            "award",
        )
        .first()
    )
    if contract is None:
        raise Http404("No such contract.")
    return contract


def is_party(viewer: Viewer, contract: Contract) -> bool:
    """Whether the viewer is of an organisation that is (or was) a party to the contract."""
    if viewer.organisation_id is None:
        return False
    if viewer.organisation_id == contract.lead_provider_id:
        return True
    return contract.parties.filter(organisation_id=viewer.organisation_id).exists()


def is_lead(viewer: Viewer, contract: Contract) -> bool:
    return viewer.organisation_id is not None and viewer.organisation_id == (
        contract.lead_provider_id
    )


def sees_all_returns(viewer: Viewer, contract: Contract) -> bool:
    return is_commissioner(viewer) or is_party(viewer, contract)


def returns_for(viewer: Viewer, contract: Contract) -> QuerySet:
    """The contract's KPI returns this viewer may see: all for parties and commissioners,
    the validated ones for everyone else."""
    returns = contract.kpi_returns.select_related("kpi__indicator").order_by(
        "-period_start", "kpi__position", "-submitted_at"
    )
    return returns if sees_all_returns(viewer, contract) else returns.validated()


def access_kpi_return(viewer: Viewer, *, return_id) -> KpiReturn:
    """A KPI return for a party of its contract or a commissioner; otherwise 404."""
    kpi_return = (
        KpiReturn.objects.filter(pk=return_id, contract__in=visible_contracts(viewer))
        .select_related("contract__lead_provider", "kpi__indicator", "submitted_by")
        .first()
    )
    if kpi_return is None:
        raise Http404("No such KPI return.")
    if not (kpi_return.validated_at or sees_all_returns(viewer, kpi_return.contract)):
        raise Http404("No such KPI return.")
    return kpi_return


def returns_awaiting_validation() -> QuerySet:
    """Every KPI return submitted and not yet validated or returned: the commissioners' queue,
    oldest first."""
    return (
        KpiReturn.objects.filter(validated_at__isnull=True, returned_at__isnull=True)
        .select_related("contract__lead_provider", "kpi__indicator")
        .order_by("submitted_at")
    )


def require_commissioner(viewer: Viewer, doing: str) -> None:
    if not is_commissioner(viewer):
        raise PermissionDenied(f"Only a commissioner may {doing}.")


def require_lead(viewer: Viewer, contract: Contract) -> None:
    if not is_lead(viewer, contract):
        raise PermissionDenied(
            f"Only people of {contract.lead_provider} (the lead provider) submit its returns."
        )


def kpis_of(contract: Contract) -> list:
    """The KPIs of the specification version the contract delivers, with their indicators."""
    if contract.specification_version_id is None:
        return []
    return list(
        Kpi.objects.filter(specification_version_id=contract.specification_version_id)
        .select_related("indicator")
        .order_by("position")
    )


def contract_page(viewer: Viewer, contract: Contract) -> dict:
    """Everything the contract page shows, in a fixed number of queries."""
    parties = (
        contract.parties.select_related("organisation").order_by("role", "organisation__name").all()
    )
    variations = contract.variations.select_related("recorded_by").all()
    funding = list(contract.funding.all())
    return {
        "parties": list(parties),
        "funding": funding,
        "funding_total": sum(f.amount for f in funding),
        "options": list(contract.options.all()),
        "kpis": kpis_of(contract),
        "returns": list(returns_for(viewer, contract)),
        "variations": list(variations),
        "original_value": contract.value
        - (contract.variations.aggregate(total=Sum("value_change"))["total"] or 0),
        "thread": golden_thread(viewer, contract),
        "reminders": list(contract.reminders.all()) if is_commissioner(viewer) else [],
    }


@dataclass(frozen=True)
class ThreadLink:
    """One step of the golden thread as a page shows it."""

    label: str
    text: str
    url: str = ""


def link_to(record) -> str:
    """The record's page, or "" if it has none (yet)."""
    try:
        return record.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


def url_of(name: str, **kwargs) -> str:
    """The page of another stage, or "" if that stage has not routed it."""
    try:
        return reverse(f"commissioning:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return ""


def golden_thread(viewer: Viewer, contract: Contract) -> list[ThreadLink]:
    """From a contract back to why it was commissioned, as far as the viewer may see: its
    contracting process (the tender, if there was one), specification, intention, the needs
    assessment chapters behind it and the governance decision that approved the route."""
    process = contract.process
    thread = plans.thread_for(process, viewer)
    tendered = process.route == Route.TENDER
    steps = [
        ThreadLink(
            "Tender notice" if tendered else f"Contracting process ({process.get_route_display()})",
            f"{process.title} ({process.ocid})",
            url_of("notice_detail", slug=process.slug) if tendered else "",
        )
    ]
    if thread.specification is not None:
        version = contract.specification_version
        text = thread.specification.title + (f", version {version.version}" if version else "")
        steps.append(ThreadLink("Service specification", text, link_to(thread.specification)))
    if thread.intention is not None:
        text = f"{thread.intention.number}. {thread.intention.title}"
        steps.append(ThreadLink("Commissioning intention", text, link_to(thread.intention)))
    for chapter in thread.chapters:
        steps.append(ThreadLink("Needs assessment", chapter.title, link_to(chapter)))
    if thread.route is not None:
        steps.append(ThreadLink("Route chosen", thread.route.get_route_display()))
    if thread.decision is not None:
        steps.append(ThreadLink("Approved by", str(thread.decision), link_to(thread.decision)))
    return steps


def members_of(contract: Contract) -> QuerySet:
    return ContractParty.objects.filter(contract=contract).select_related("organisation")


def contract_list_prefetch() -> Prefetch:
    return Prefetch("parties", queryset=ContractParty.objects.select_related("organisation"))
