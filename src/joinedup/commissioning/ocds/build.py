"""Building one OCDS 1.1.5 release from the models: the whole contracting process as it stands.

Only what the public may read goes in: no evaluation scores, no moderation, no evaluators, no bid
content or price, no people, and nobody who asked a question. Bids appear only once the
submission deadline has passed (`ContractingProcess.deadline_passed`), and then as who bid for
which lot and when. Plans (intention, specification) and contracts appear only if public.

Empty values are dropped, as OCDS asks (no nulls, empty strings, lists or objects).
"""

import os
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from joinedup.core.choices import OrganisationKind, Visibility

from ..choices import OptionDecision, PartyRole, Route
from .dates import end_of_day, ocds_datetime

CURRENCY = "GBP"
VCSE_KINDS = {OrganisationKind.VOLUNTARY_AND_COMMUNITY, OrganisationKind.SOCIAL_ENTERPRISE}
SCALES = {"micro", "small", "medium", "large"}
SMALL_SCALES = {"micro", "small", "medium"}
METHODS = {
    Route.TENDER: "open",
    Route.GRANT: "direct",
    Route.DIRECT_AWARD: "direct",
    Route.PARTNERSHIP_AGREEMENT: "direct",
    Route.IN_HOUSE: "direct",
}


def _public(record) -> bool:
    return record is not None and getattr(record, "visibility", Visibility.PUBLIC) == (
        Visibility.PUBLIC
    )


def is_published(process) -> bool:
    """Whether a process may be published: public, and its notice is out or (for a partnership
    agreement or direct award, without a notice) it has a contract."""
    if not _public(process):
        return False
    if process.published_at is not None:
        return True
    return process.route != Route.TENDER and process.contracts.exists()


# Pieces


def _value(amount) -> dict | None:
    if amount is None or amount == "":
        return None
    return {"amount": float(Decimal(amount)), "currency": CURRENCY}


def _period(start, end, *, end_is_day=False) -> dict | None:
    return {
        "startDate": ocds_datetime(start),
        "endDate": end_of_day(end) if end_is_day else ocds_datetime(end),
    }


def party_id(organisation) -> str:
    return f"JU-ORG-{organisation.slug}"


def _clean(value):
    """Drop None, empty strings, empty lists and empty objects, recursively."""
    if isinstance(value, dict):
        cleaned = {key: _clean(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned = [_clean(item) for item in value]
        return [item for item in cleaned if item not in (None, "", [], {})]
    return value


class Parties:
    """The organisations named in the release, each once, with all their roles."""

    def __init__(self):
        self._parties: dict[str, dict] = {}

    def add(self, organisation, role: str, details: str = "") -> dict:
        key = party_id(organisation)
        party = self._parties.get(key)
        if party is None:
            scale = organisation.size_band if organisation.size_band in SCALES else None
            party = {
                "id": key,
                "name": organisation.name,
                "roles": [],
                "details": {"scale": scale, "vcse": organisation.kind in VCSE_KINDS},
            }
            if organisation.website:
                party["contactPoint"] = {"url": organisation.website}
            self._parties[key] = party
        if role not in party["roles"]:
            party["roles"].append(role)
        if details and details not in party.get("roleDetails", ""):
            party["roleDetails"] = "; ".join(filter(None, [party.get("roleDetails"), details]))
        return {"id": key, "name": organisation.name}

    def as_list(self) -> list[dict]:
        return list(self._parties.values())


# The release


def build_release(process, *, release_id: str, date: str, tags: list[str], now=None) -> dict:
    now = now or timezone.now()
    parties = Parties()
    buyer = parties.add(process.buyer, "buyer")
    tender = _tender(process, parties, now)
    bids = _bids(process, parties, now)
    awards = [_award(process, award, parties, now) for award in _awards(process)]
    contracts = []
    for contract in _contracts(process):
        if contract.award_id is None:
            awards.append(_direct_award(contract, parties))
        contracts.append(_contract(contract, parties, now))
    release = {
        "ocid": process.ocid,
        "id": release_id,
        "date": date,
        "tag": list(tags),
        "initiationType": "tender",
        "language": "en",
        "parties": parties.as_list(),
        "buyer": buyer,
        "planning": _planning(process),
        "tender": tender,
        "bids": bids,
        "awards": awards,
        "contracts": contracts,
    }
    return _clean(release)


def _planning(process) -> dict:
    rationale = []
    intention = process.intention if _public(process.intention) else None
    if intention is not None:
        rationale.append(f"Commissioning intention {intention.number}: {intention.title}.")
        rationale += [getattr(intention, name, "") for name in ("scope", "vision")]
        route = (
            intention.routes.filter(service_area__in=[process.service_area_id, None])
            .order_by("-decided_on", "-recorded_at")
            .first()
            if hasattr(intention, "routes")
            else None
        )
        if route is not None:
            rationale.append(f"Route chosen: {route.get_route_display()}. {route.rationale}")
    specification = process.specification if _public(process.specification) else None
    if specification is not None:
        rationale.append(f"Service specification: {specification.title}.")
    rationale.append(f"Service area: {process.service_area.name}.")
    budget = None
    if process.estimated_value is not None:
        budget = {
            "id": f"{process.ocid}-budget",
            "description": f"Estimated total value of {process.title}.",
            "amount": _value(process.estimated_value),
        }
    return {
        "rationale": "\n\n".join(part.strip() for part in rationale if part and part.strip()),
        "budget": budget,
    }


def _tender_status(process, awards) -> str:
    if process.cancelled_at is not None:
        return "cancelled"
    if process.route != Route.TENDER:
        return "complete"
    if process.published_at is None:
        return "planning"
    lots = process.lots.count()
    if awards and all(a.confirmed_at for a in awards) and len(awards) >= lots:
        return "complete"
    return "active"


def _tender(process, parties: Parties, now) -> dict:
    awards = _awards(process)
    tender = {
        "id": f"{process.ocid}-tender",
        "title": process.title,
        "description": process.description,
        "status": _tender_status(process, awards),
        "procuringEntity": parties.add(process.buyer, "procuringEntity"),
        "value": _value(process.estimated_value),
        "procurementMethod": METHODS.get(process.route, "open"),
        "procurementMethodDetails": process.get_route_display(),
        "mainProcurementCategory": "services",
    }
    if process.route == Route.TENDER:
        criteria = _criteria(process)
        tender.update(
            {
                "tenderPeriod": _period(process.published_at, process.submission_deadline),
                "enquiryPeriod": _period(process.published_at, process.clarification_deadline),
                "awardPeriod": _period(process.submission_deadline, process.award_planned_at),
                "documents": [_document(document) for document in process.documents.all()],
                "lots": [_lot(lot, criteria) for lot in process.lots.all()],
                "suitability": {
                    "sme": process.suitable_for_small,
                    "vcse": process.suitable_for_voluntary,
                },
                "hasEnquiries": process.questions.exists(),
                "enquiries": _enquiries(process),
            }
        )
        if criteria:
            tender["awardCriteria"] = "ratedCriteria"
            tender["awardCriteriaDetails"] = "; ".join(
                f"{c['name']} {c['numbers'][0]['number']:g}%" for c in criteria
            )
        if process.deadline_passed(now):
            tenderers = {}
            for bid in _submitted_bids(process):
                for organisation in _bid_organisations(bid):
                    tenderers[party_id(organisation)] = parties.add(organisation, "tenderer")
            tender["tenderers"] = list(tenderers.values())
            tender["numberOfTenderers"] = len(tenderers)
    return tender


def lot_id(lot) -> str:
    return f"lot-{lot.number}"


def _lot(lot, criteria) -> dict:
    return {
        "id": lot_id(lot),
        "title": lot.title,
        "description": lot.description,
        "value": _value(lot.value),
        "awardCriteria": {"criteria": criteria} if criteria else None,
    }


def _criteria(process) -> list[dict]:
    """The published award criteria and their weights (percentages): never a score."""
    criteria = []
    for criterion in process.criteria.all():
        name = criterion.name.lower()
        kind = "price" if "price" in name else "cost" if "cost" in name else "quality"
        criteria.append(
            {
                "type": kind,
                "name": criterion.name,
                "description": criterion.description,
                "numbers": [{"number": criterion.weight, "weight": "percentageExact"}],
            }
        )
    return criteria


def _document_url(document) -> str:
    """A link as given; an uploaded file at its download page, when the site's public address
    is known ($JOINEDUP_PUBLIC_URL), since a release cannot ask a request for it."""
    if document.url:
        return document.url
    base = os.environ.get("JOINEDUP_PUBLIC_URL", "").rstrip("/")
    if not document.file or not base.startswith(("http://", "https://")):
        return ""
    try:
        path = reverse("commissioning:document_download", args=[document.process.slug, document.pk])
    except NoReverseMatch:
        return ""
    return base + path


def _document(document) -> dict:
    return {
        "id": str(document.pk),
        "documentType": "biddingDocuments",
        "title": document.title,
        "url": _document_url(document),
        "datePublished": ocds_datetime(document.added_at),
        "format": document.content_type,
    }


def _enquiries(process) -> list[dict]:
    """Answered questions with their public answers; never who asked."""
    return [
        {
            "id": str(question.pk),
            "date": ocds_datetime(question.asked_at),
            "title": question.text if len(question.text) <= 120 else question.text[:119] + "…",
            "description": question.text,
            "answer": question.answer,
            "dateAnswered": ocds_datetime(question.answered_at),
        }
        for question in process.questions.filter(answered_at__isnull=False)
    ]


def _submitted_bids(process) -> list:
    return list(
        process.bids.filter(withdrawn_at__isnull=True)
        .select_related("lead", "lot")
        .prefetch_related("members__organisation")
        .order_by("submitted_at", "pk")
    )


def _bid_organisations(bid) -> list:
    organisations = [bid.lead]
    for member in bid.members.all():
        if member.organisation not in organisations:
            organisations.append(member.organisation)
    return organisations


def _bids(process, parties: Parties, now) -> dict | None:
    """Once the submission deadline has passed: how many bids (and from small organisations),
    and who bid for which lot. Never what a bid says, its price or its scores."""
    if process.route != Route.TENDER or not process.deadline_passed(now):
        return None
    bids = _submitted_bids(process)
    small = sum(
        1 for bid in bids if any(o.size_band in SMALL_SCALES for o in _bid_organisations(bid))
    )
    statistics = [
        {"id": "bids", "measure": "bids", "value": len(bids)},
        {"id": "smeBids", "measure": "smeBids", "value": small},
    ]
    for lot in process.lots.all():
        statistics.append(
            {
                "id": f"bids-{lot_id(lot)}",
                "measure": "bids",
                "value": sum(1 for bid in bids if bid.lot_id == lot.pk),
                "relatedLot": lot_id(lot),
            }
        )
    details = [
        {
            "id": str(bid.pk),
            "date": ocds_datetime(bid.submitted_at),
            "status": "valid",
            "tenderers": [parties.add(o, "tenderer") for o in _bid_organisations(bid)],
            "relatedLots": [lot_id(bid.lot)],
        }
        for bid in bids
    ]
    return {"statistics": statistics, "details": details}


def _awards(process) -> list:
    return list(
        process.awards.filter(awarded_at__isnull=False)
        .select_related("lot", "bid")
        .order_by("awarded_at", "pk")
    )


def award_id(award) -> str:
    return str(award.pk)


def _award(process, award, parties: Parties, now) -> dict:
    contracts = [c for c in award.contracts.all() if _public(c)]
    contract = contracts[0] if contracts else None
    suppliers = list(award.suppliers.all())
    if award.bid_id is not None:
        for organisation in _bid_organisations(award.bid):
            if organisation not in suppliers:
                suppliers.append(organisation)
    # Pending until confirmed after its standstill period: not yet in force.
    status = "active" if award.confirmed_at is not None else "pending"
    return {
        "id": award_id(award),
        "title": f"{process.title}: {award.lot.title}" if award.lot_id else process.title,
        "status": status,
        "date": ocds_datetime(award.awarded_at),
        "value": _value(
            award.value if award.value is not None else getattr(contract, "value", None)
        ),
        "suppliers": [parties.add(o, "supplier") for o in suppliers],
        "relatedLots": [lot_id(award.lot)] if award.lot_id else None,
        "relatedBid": str(award.bid_id) if award.bid_id else None,
        "contractPeriod": _period(contract.starts_on, contract.ends_on, end_is_day=True)
        if contract
        else None,
        "standstillPeriod": _period(award.awarded_at, award.standstill_ends_at),
    }


def direct_award_id(contract) -> str:
    return f"direct-award-{contract.pk}"


def _direct_award(contract, parties: Parties) -> dict:
    """OCDS wants every contract to come from an award: a contract made without a tender (a
    partnership agreement, a direct award) is published with the award it amounts to."""
    suppliers = [contract.lead_provider] + [
        party.organisation
        for party in contract.parties.all()
        if party.role in (PartyRole.LEAD, PartyRole.MEMBER)
        and party.organisation != contract.lead_provider
    ]
    return {
        "id": direct_award_id(contract),
        "title": contract.title,
        "status": "active" if contract.signed_on else "pending",
        "date": ocds_datetime(contract.signed_on),
        "value": _value(contract.value),
        "suppliers": [parties.add(o, "supplier") for o in suppliers],
        "contractPeriod": _period(contract.starts_on, contract.ends_on, end_is_day=True),
    }


def _contracts(process) -> list:
    return [
        contract
        for contract in process.contracts.select_related("lead_provider", "specification_version")
        .prefetch_related("parties__organisation", "options", "variations")
        .order_by("starts_on", "pk")
        if _public(contract)
    ]


def _contract_status(contract, now) -> str:
    if contract.signed_on is None:
        return "pending"
    if contract.ends_on < timezone.localdate(now):
        return "terminated"
    return "active"


PARTY_ROLES = {
    PartyRole.LEAD: ("supplier", "Lead provider"),
    PartyRole.SUBCONTRACTOR: ("interestedParty", "Sub-contractor"),
    PartyRole.MEMBER: ("supplier", "Partnership member"),
}


def _contract(contract, parties: Parties, now) -> dict:
    parties.add(contract.lead_provider, "supplier", "Lead provider")
    for party in contract.parties.all():
        role, label = PARTY_ROLES.get(party.role, ("interestedParty", party.get_role_display()))
        if party.opted_out_on is not None:
            label = f"{label} (opted out on {party.opted_out_on:%-d %B %Y})"
        parties.add(party.organisation, role, label)
    options = list(contract.options.all())
    return {
        "id": str(contract.pk),
        "awardID": award_id(contract.award) if contract.award_id else direct_award_id(contract),
        "title": contract.title,
        "description": contract.description,
        "status": _contract_status(contract, now),
        "period": _period(contract.starts_on, contract.ends_on, end_is_day=True),
        "value": _value(contract.value),
        "dateSigned": ocds_datetime(contract.signed_on),
        "hasRenewal": bool(options),
        "renewal": _renewal(options),
        "agreedMetrics": _agreed_metrics(contract),
        "implementation": {"metrics": _kpi_returns(contract)},
        "amendments": _amendments(contract, options),
    }


def _renewal(options) -> dict | None:
    if not options:
        return None
    lengths = " and ".join(f"{option.length_months} months" for option in options)
    return {
        "description": f"Up to {len(options)} extension{'s' if len(options) > 1 else ''} "
        f"({lengths}), each decided by the commissioner before it falls due.",
        "maximumRenewals": len(options),
    }


def _kpis(contract) -> list:
    version = contract.specification_version
    if version is None:
        return []
    return list(version.kpis.select_related("indicator").order_by("position", "pk"))


def _target_note(kpi) -> str:
    if kpi.target_upper is not None:
        return f"Target range {kpi.target:g} to {kpi.target_upper:g}"
    return "Target"


def _agreed_metrics(contract) -> list[dict]:
    """The KPIs of the contract's specification version, with their targets."""
    return [
        {
            "id": str(kpi.pk),
            "title": kpi.indicator.name,
            "description": getattr(kpi.indicator, "definition", ""),
            "observations": [
                {"id": f"{kpi.pk}-target", "measure": kpi.target, "notes": _target_note(kpi)}
            ]
            if kpi.target is not None
            else [],
        }
        for kpi in _kpis(contract)
    ]


def _kpi_returns(contract) -> list[dict]:
    """Validated KPI returns as metrics, one observation per period, with the rating."""
    metrics: dict[str, dict] = {}
    returns = (
        contract.kpi_returns.filter(validated_at__isnull=False)
        .select_related("kpi__indicator")
        .order_by("period_start", "pk")
    )
    for kpi_return in returns:
        kpi = kpi_return.kpi
        metric = metrics.setdefault(
            str(kpi.pk), {"id": str(kpi.pk), "title": kpi.indicator.name, "observations": []}
        )
        metric["observations"].append(
            {
                "id": str(kpi_return.pk),
                "period": _period(kpi_return.period_start, kpi_return.period_end, end_is_day=True),
                "measure": kpi_return.value,
                "notes": kpi_return.get_rating_display() if kpi_return.rating else "",
            }
        )
    return list(metrics.values())


def _amendments(contract, options) -> list[dict]:
    """Variations and exercised extensions, each with its reason."""
    amendments = [
        {
            "id": f"variation-{variation.pk}",
            "date": ocds_datetime(variation.varied_on),
            "rationale": variation.reason,
            "description": variation.description,
        }
        for variation in contract.variations.order_by("varied_on", "recorded_at")
    ]
    amendments += [
        {
            "id": f"extension-{option.number}",
            "date": ocds_datetime(option.decided_on),
            "rationale": option.reason,
            "description": f"Option {option.number} exercised: extended by "
            f"{option.length_months} months.",
        }
        for option in options
        if option.decision == OptionDecision.EXERCISED
    ]
    return sorted(amendments, key=lambda amendment: amendment["date"] or "")
