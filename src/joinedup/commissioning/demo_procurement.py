"""The commissioning demo: procurement.

A completed open tender for home care services (2024): published with its weighted criteria, a
clarification question answered in public, two bids (one from a consortium of small voluntary-
sector partners led by Jersey Care Federation, one from Tutela), four evaluators of whom one
declares a conflict and does not score, three independent scorings, a moderation, the award to
the consortium and its confirmation after the standstill. Then an open tender that visitors can
see, for falls prevention classes, with its submission deadline three weeks after the day the
demo is first loaded.

The history is replayed through the services with the dates it happened (`at=`), so the audit
log and the OCDS releases tell it in order. Idempotent: each tender is looked up by its slug.
The evaluators and the consortium's lead contact are demo people without a login; the scores,
bids and answers are synthetic, in the words of the strategy (seed 001).
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from joinedup.core import services as core_services
from joinedup.core.models import Organisation, Person

from .choices import CommissioningModel
from .models import ContractingProcess, ServiceArea, Specification
from .services import plans
from .services import procurement as services

HOME_CARE_TENDER = "home-care-services-2024-to-2029"
FALLS_TENDER = "falls-prevention-strength-and-balance-classes"
SYNTHETIC = "(Synthetic, for the demo.)"

CRITERIA = [
    ("Quality and safety of care", 50,
     "Person-centred care that keeps Islanders safe and independent at home."),
    ("Working as an integrated community partnership", 20,
     "Sharing the evening and weekend rota, data and outcomes with the other partners."),
    ("Social value", 10, "Local employment, the Jersey living wage, volunteering."),
    ("Price", 20, "The price for the initial three-year term."),
]  # fmt: skip
# (username, first, last, organisation, job title)
EVALUATORS = [
    ("eval.vautier", "Helen", "Vautier", "Health and Community Services", "Head of adult care"),
    ("eval.lecornu", "Mark", "Le Cornu", "Customer and Local Services", "Social care officer"),
    ("eval.pallot", "Ruth", "Pallot", "Public Health", "Public health practitioner"),
    ("eval.binet", "Tom", "Binet", "Health and Community Services", "Community nurse lead"),
]
CONSORTIUM_LEAD = "Jersey Care Federation"
CONSORTIUM_MEMBERS = ["Dementia Jersey", "Call & Check Jersey"]
RIVAL = "Tutela"
# Moderated scores per criterion, consortium then rival; evaluators' own scores vary about them.
MODERATED = {CONSORTIUM_LEAD: [8, 9, 8, 6], RIVAL: [7, 5, 5, 9]}


def _at(year, month, day, hour=10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def _person(username, first, last, organisation, job_title) -> Person:
    existing = Person.objects.filter(user__username=username).first()
    if existing:
        return existing
    return core_services.create_person(
        username=username, first_name=first, last_name=last,
        email=f"{username}@demo.example.je", password=None, organisation=organisation,
        job_title=job_title,
    )  # fmt: skip


def _organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _home_care_area() -> ServiceArea:
    area = ServiceArea.objects.filter(slug="home-care").first()
    return area or plans.create_service_area(
        name="Home care", care_setting="home_care",
        model=CommissioningModel.SPECIFICATION_AND_PROCUREMENT, since=_at(2019, 1, 1).date(),
        reason="Individual packages bought from each provider.",
    )  # fmt: skip


def _bid_text(lead: str) -> dict:
    if lead == CONSORTIUM_LEAD:
        return {
            "organisation_summary": "Jersey Care Federation brings together Jersey's "
            "not-for-profit care providers. For this tender it leads Dementia Jersey and Call "
            f"& Check Jersey as one integrated community partnership. {SYNTHETIC}",
            "approach": "Three neighbourhood teams across the parishes, one shared evening and "
            "weekend rota, dementia specialists in every team and daily check calls for "
            f"Islanders between visits. {SYNTHETIC}",
            "experience": "Our members have provided home care and dementia support in Jersey "
            f"for over thirty years. {SYNTHETIC}",
            "social_value": "Every carer paid at least the Jersey living wage; volunteers from "
            f"the parishes; training places for young Islanders. {SYNTHETIC}",
            "quality_and_safeguarding": "Registered with the Jersey Care Commission; shared "
            f"safeguarding lead across the partnership. {SYNTHETIC}",
            "financial_standing": "Audited accounts of each member; the lead holds the "
            f"contract and pays members monthly. {SYNTHETIC}",
        }
    return {
        "organisation_summary": f"Tutela is a registered home care provider in Jersey. {SYNTHETIC}",
        "approach": "Scheduled visits by geographical rounds with electronic call monitoring "
        f"and a 24-hour office. {SYNTHETIC}",
        "experience": f"Fifteen years of home care packages for the States of Jersey. {SYNTHETIC}",
        "social_value": f"Apprenticeships for local carers. {SYNTHETIC}",
        "quality_and_safeguarding": f"Registered with the Jersey Care Commission. {SYNTHETIC}",
        "financial_standing": f"Three years of audited accounts. {SYNTHETIC}",
    }


def _marks(process, scores, text) -> dict:
    return {c.pk: (score, text) for c, score in zip(process.criteria.all(), scores, strict=True)}


def _home_care_tender(commissioner_user, buyer) -> dict:
    counts = {"tenders": 0, "questions": 0, "bids": 0, "evaluators": 0, "awards": 0}
    lead, members = _organisation(CONSORTIUM_LEAD), [_organisation(n) for n in CONSORTIUM_MEMBERS]
    rival = _organisation(RIVAL)
    if ContractingProcess.objects.filter(slug=HOME_CARE_TENDER).exists() or None in (
        lead,
        rival,
        *members,
    ):
        return counts
    area = _home_care_area()
    process = services.create_notice(
        title="Home care services 2024 to 2029",
        description="Home care for adults across Jersey who are assessed as eligible, bought "
        "for a three-year term with the option of two more (3 + 2), as the Commissioning and "
        "Partnerships Strategy asks. The providers will work as an integrated community "
        "partnership, sharing an evening and weekend rota and reporting the outcomes in the "
        "specification quarterly. Small and voluntary-sector providers may bid as a consortium.",
        buyer=buyer, service_area=area,
        specification=Specification.objects.filter(slug="home-care-services").first(),
        estimated_value=Decimal("4200000"), lots=["Home care across the island"],
        criteria=CRITERIA, suitable_for_small=True, suitable_for_voluntary=True,
        clarification_deadline=_at(2024, 2, 22, 12), submission_deadline=_at(2024, 3, 7, 12),
        evaluation_ends_at=_at(2024, 3, 21, 17), award_planned_at=_at(2024, 3, 25),
        standstill_planned_end=_at(2024, 4, 5, 17), by=commissioner_user, at=_at(2024, 2, 1, 9),
    )  # fmt: skip
    services.publish_notice(process=process, by=commissioner_user, at=_at(2024, 2, 1, 9))
    counts["tenders"] += 1
    services.add_document(
        process=process, title="Jersey's Health and Care Commissioning and Partnerships "
        "Strategy 2022-2025", url="https://www.gov.je/", by=commissioner_user,
        at=_at(2024, 2, 1, 9),
    )  # fmt: skip
    contact = _person("demo.jcf", "Jo", "Le Sueur", lead, "Partnership manager")
    question = services.ask_question(
        process=process, person=contact, at=_at(2024, 2, 12),
        text="May small providers bid together, with one of them as lead, and does each member "
        "need its own registration with the Jersey Care Commission?",
    )  # fmt: skip
    services.answer_question(
        question=question, by=commissioner_user, at=_at(2024, 2, 14),
        answer="Yes. A consortium bids through its lead, who holds the contract; each member "
        "that delivers regulated care must be registered with the Jersey Care Commission.",
    )  # fmt: skip
    counts["questions"] += 1
    bids = {}
    rival_person = Person.objects.filter(organisation=rival).first() or _person(
        "demo.tutela", "Pat", "Querée", rival, "Registered manager"
    )
    for organisation, person, price, extra in (
        (lead, contact, Decimal("3950000"), members),
        (rival, rival_person, Decimal("3600000"), []),
    ):
        bids[organisation.name] = services.submit_bid(
            process=process, lot=process.lots.get(), person=person, members=extra,
            contact_name=person.name, contact_email=person.email, price=price,
            at=_at(2024, 3, 5), **_bid_text(organisation.name),
        )  # fmt: skip
        counts["bids"] += 1
    services.open_bids(process=process, by=commissioner_user, at=_at(2024, 3, 7, 14))
    for number, (username, first, last, org_name, job) in enumerate(EVALUATORS):
        person = _person(username, first, last, _organisation(org_name), job)
        evaluator = services.appoint_evaluator(
            process=process, person=person, by=commissioner_user, at=_at(2024, 3, 8)
        )
        counts["evaluators"] += 1
        if number == 3:
            services.declare_interests(
                evaluator=evaluator, has_conflict=True, by=person.user, at=_at(2024, 3, 8, 11),
                conflict="A close family member works for one of the bidders.",
            )  # fmt: skip
            continue
        services.declare_interests(
            evaluator=evaluator, has_conflict=False, by=person.user, at=_at(2024, 3, 8, 11)
        )
        for name, bid in bids.items():
            own = [max(0, min(10, s + (number - 1))) for s in MODERATED[name]]
            services.score_bid(
                evaluator=evaluator, bid=bid, by=person.user, at=_at(2024, 3, 12 + number),
                scores=_marks(process, own, f"{first} {last}'s reading of the bid. {SYNTHETIC}"),
            )  # fmt: skip
    for name, bid in bids.items():
        services.moderate_bid(
            bid=bid, by=commissioner_user, at=_at(2024, 3, 20),
            marks=_marks(process, MODERATED[name], "Agreed at the moderation meeting of the "
                         f"three evaluators, from the middle of their scores. {SYNTHETIC}"),
        )  # fmt: skip
    award = services.award_lot(
        process=process, lot=process.lots.get(), bid=bids[CONSORTIUM_LEAD],
        by=commissioner_user, at=_at(2024, 3, 25),
    )  # fmt: skip
    services.confirm_award(award=award, by=commissioner_user, at=_at(2024, 4, 5, 17))
    counts["awards"] += 1
    return counts


def _open_tender(commissioner_user, buyer) -> int:
    if ContractingProcess.objects.filter(slug=FALLS_TENDER).exists():
        return 0
    area = ServiceArea.objects.filter(slug="prevention-and-self-care").first()
    area = area or _home_care_area()
    today = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start = timezone.now() - timedelta(days=7)
    process = services.create_notice(
        title="Falls prevention: strength and balance classes",
        description="Weekly strength and balance classes in the parishes for older Islanders "
        "at risk of falls, with a home exercise programme between classes. For two years. A "
        "contract of this value asks for a short bid: about your organisation, how you would "
        "run the classes, and the price.",
        buyer=buyer, service_area=area, estimated_value=Decimal("90000"),
        lots=["Classes in the east of the island", "Classes in the west of the island"],
        criteria=[("Quality of the classes", 60, ""), ("Reaching Islanders who need them", 20,
                                                      ""), ("Price", 20, "")],
        suitable_for_small=True, suitable_for_voluntary=True,
        clarification_deadline=today + timedelta(days=14),
        submission_deadline=today + timedelta(days=21),
        evaluation_ends_at=today + timedelta(days=35), award_planned_at=today + timedelta(days=38),
        standstill_planned_end=today + timedelta(days=49), by=commissioner_user, at=start,
    )  # fmt: skip
    services.publish_notice(process=process, by=commissioner_user, at=start)
    return 1


@transaction.atomic
def load() -> dict:
    User = get_user_model()
    commissioner_user = User.objects.filter(username="commissioner").first()
    buyer = _organisation("Health and Community Services")
    if buyer is None:
        return {"tenders": 0}
    counts = _home_care_tender(commissioner_user, buyer)
    counts["tenders"] += _open_tender(commissioner_user, buyer)
    return counts
