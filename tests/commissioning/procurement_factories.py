"""Factories for procurement, built through the services as the product would: a notice whose
timetable is set relative to a given "now", its bids, evaluators, scores and moderation. Times
in the past are passed as `at=` to the services, which record history as it happened."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from joinedup.commissioning.choices import CommissioningModel
from joinedup.commissioning.models import ServiceArea
from joinedup.commissioning.services import plans
from joinedup.commissioning.services import procurement as services
from joinedup.core.choices import CareSetting, OrganisationKind, StaffRole
from tests import factories

CRITERIA = [("Quality of care", 60, ""), ("Social value", 10, ""), ("Price", 30, "")]


def home_care_area() -> ServiceArea:
    found = ServiceArea.objects.filter(name="Home care (test)").first()
    return found or plans.create_service_area(
        name="Home care (test)",
        care_setting=CareSetting.HOME_CARE,
        model=CommissioningModel.SPECIFICATION_AND_PROCUREMENT,
        since=date(2020, 1, 1),
    )


def commissioner(username: str = "commissioner1"):
    hcs = factories.organisation(kind=OrganisationKind.HEALTH_SERVICE)
    return factories.person(username, organisation=hcs, roles=[StaffRole.COMMISSIONER])


def timetable(start, *, clarification=2, submission=5) -> dict:
    """Deadlines `clarification` and `submission` days after `start`, then the later stages."""
    return {
        "clarification_deadline": start + timedelta(days=clarification),
        "submission_deadline": start + timedelta(days=submission),
        "evaluation_ends_at": start + timedelta(days=submission + 10),
        "award_planned_at": start + timedelta(days=submission + 12),
        "standstill_planned_end": start + timedelta(days=submission + 23),
    }


def notice(
    *, by, start=None, value=Decimal("80000"), criteria=CRITERIA, lots=(), publish=True, **times
):
    """A home care notice created (and published) at `start` (default: now)."""
    start = start or timezone.now()
    process = services.create_notice(
        title=times.pop("title", "Home care at night"),
        description="Night-time home care for older Islanders in St Helier.",
        buyer=by.organisation,
        service_area=home_care_area(),
        estimated_value=value,
        lots=list(lots),
        criteria=criteria,
        suitable_for_small=True,
        suitable_for_voluntary=True,
        by=by.user,
        at=start,
        **{**timetable(start), **times},
    )
    if publish:
        services.publish_notice(process=process, by=by.user, at=start)
    return process


def provider(name: str | None = None, username: str | None = None, *, person=None, **fields):
    """A provider organisation (with `fields`) and one of its people (with `person`)."""
    organisation = factories.organisation(name, **fields)
    return factories.person(username, organisation=organisation, **(person or {}))


def bid(process, person, *, at=None, members=(), price=Decimal("75000"), lot=None):
    return services.submit_bid(
        process=process,
        lot=lot or process.lots.first(),
        person=person,
        members=members,
        contact_name=person.name,
        contact_email=person.email,
        organisation_summary="A Jersey home care provider since 2001.",
        approach="Two carers per round, a named nurse, visits logged on the day.",
        experience="Twenty years of home care.",
        social_value="Local staff paid the Jersey living wage.",
        price=price,
        at=at,
    )


def marks(process, score: int, text: str = "Well evidenced.") -> dict:
    return {criterion.pk: (score, text) for criterion in process.criteria.all()}


def evaluated(process, commissioner_person, bids, *, evaluators=3, at, scores=None):
    """Open the bids at `at`, appoint evaluators who declare no conflict and score every bid,
    then moderate each. `scores[i]` is bid i's score on every criterion."""
    services.open_bids(process=process, by=commissioner_person.user, at=at)
    people = []
    for number in range(evaluators):
        person = factories.person(organisation=commissioner_person.organisation)
        evaluator = services.appoint_evaluator(
            process=process, person=person, by=commissioner_person.user, at=at
        )
        services.declare_interests(evaluator=evaluator, has_conflict=False, by=person.user, at=at)
        for index, one in enumerate(bids):
            mark = (scores or [7] * len(bids))[index] + (number % 2)
            services.score_bid(
                evaluator=evaluator, bid=one, scores=marks(process, mark), by=person.user, at=at
            )
        people.append(evaluator)
    for index, one in enumerate(bids):
        services.moderate_bid(
            bid=one,
            marks=marks(process, (scores or [7] * len(bids))[index], "Agreed at moderation."),
            by=commissioner_person.user,
            at=at,
        )
    return people
