"""The commissioning demo: analyse and plan. The strategy's five intentions with their scope,
vision and delivery plan (seed 001, in its words), its eight principles, chapters of the Jersey
Needs Assessment (summaries written for the demo and marked synthetic), service areas across the
three models of Appendix 1 with their history, the home care and carers specifications with KPIs
(indicators created through the outcomes services), and route decisions approved by the
Minister through the governance services.

Idempotent: each record is looked up by its slug, number or code first, so a second run adds
nothing. `record_measures()` records the partnership measures each quarter once the contracts
stage has loaded the register."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from joinedup.core.choices import CareSetting
from joinedup.outcomes import periods
from joinedup.outcomes import services as outcomes_services
from joinedup.outcomes.choices import Frequency, Polarity, ValueType
from joinedup.outcomes.models import Indicator, Observation

from .choices import CommissioningModel as M
from .choices import Route
from .models import (
    CarePathway,
    Intention,
    NeedsChapter,
    Principle,
    RouteDecision,
    ServiceArea,
    Specification,
)
from .services import plans as services
from .services.plans import KpiIn, OptionIn

SYNTHETIC = "(Synthetic: written for the demo.)"
HOME_CARE_AREA = "home-care"
HOME_CARE_SPEC = "home-care-services"
CARERS_AREA = "carers-support"
CARERS_SPEC = "carers-support-partnership"
PLANNER = "Commissioning and Partnerships team (synthetic owner)"

PRINCIPLES = [
    "Placing the Islander at the centre of all our services",
    "Starting with prevention and Public Health",
    "Partnership working, co-production and co-design",
    "Developing high quality and evidence-based services",
    "Non-discriminatory and inclusive services",
    "Integrated services that reduce duplication and waste",
    "Asset-based model building on people, family and communities' strengths",
    "Consistency and transparency on how we develop and monitor contracts/partnerships",
]

PATHWAYS = [
    ("Home from hospital", "Leaving hospital with the care and support to recover at home."),
    ("Living well with long-term conditions", "Support to manage long-term conditions in the "
     "community, close to home."),
    ("Mental health crisis and recovery", "Timely help in crisis and support to recover."),
    ("Caring for carers", "Assessment, information and breaks for unpaid carers."),
]  # fmt: skip

# (title, summary, gap, population groups, evidence indicator codes, documents)
CHAPTERS = [
    ("An ageing population and long-term conditions",
     "Public Health's disease projections for 2016-2036 show more Islanders living longer "
     f"with one or more long-term conditions. {SYNTHETIC}",
     "Community capacity to help people manage long-term conditions at home has not kept "
     f"pace with the projected need. {SYNTHETIC}",
     ["Older people", "People with long-term conditions"], ["JCM-EMADM-65", "DTOC"],
     [("Disease projections 2016-2036 (Public Health)", "https://www.gov.je/")]),
    ("Care and support at home",
     f"Most Islanders who need care want to receive it at home. {SYNTHETIC}",
     "Home care is bought as individual packages from many small providers, with gaps at "
     f"evenings and weekends and no shared view of outcomes. {SYNTHETIC}",
     ["Older people", "Adults with disabilities"], ["JCM-TELECARE", "JCM-COMM-STAFF"], []),
    ("Mental health and wellbeing",
     f"Demand for community mental health support has grown. {SYNTHETIC}",
     "People find it hard to know where to go; few services take self-referrals. "
     f"{SYNTHETIC}", ["Adults with mental health needs"], ["JCM-SELF-REF"], []),
    ("Carers and families",
     f"Unpaid carers provide much of the care Islanders receive. {SYNTHETIC}",
     "Carers' own needs are seldom assessed, and support is commissioned for individuals "
     f"rather than families. {SYNTHETIC}", ["Carers", "Children and families"], ["JCM-COPROD"],
     []),
]  # fmt: skip

# The delivery plan, seed 001: (title, theme, scope, vision, chapters, [(achieve, how)]).
INTENTIONS = [
    ("To move resources to meet the health and care needs of Islanders",
     "Generate capacity in the community",
     "All funding in the system to deliver best outcomes for Islanders",
     "The money is where the people are", [0, 1],
     [("Respond to patient choice",
       "Personalised budgets\nCoordinated commissioning from Government of Jersey (GoJ)"),
      ("Needs Assessment", "Skills-gap is identified in the workforce\n"
       "Jersey Strategic Needs Assessment to be developed"),
      ("Right staff in the right place", "Appropriately qualified staff in the community\n"
       "The right size workforce to offer 24/7 services")]),
    ("To proactively create the right environment, empowering Islanders and their families "
     "to manage their own health and care needs", "Early intervention",
     "All Islanders are supported through commissioned services and other organisations to "
     "maintain independence and enhance self-care skills", "Islanders live well for longer", [1],
     [("Technology", "Relevant apps and other literature readily available\n"
       "Availability of modern telecare system"),
      ("Education programme", "In schools\nRetirement programmes\nElderly intervention and "
       "support\nCare through health coaching"),
      ("Health Coaching", "Mentoring")]),
    ("To work in partnership to generate innovative, comprehensive, preventative health and "
     "care models", "Early intervention",
     "Create an environment that is conducive to generate innovative and comprehensive "
     "preventative health and care models",
     "Islanders receive efficient and effective support in preventative health and care", [0],
     [("Needs assessment", "Data analysis\nDemographics\nDeterminants of health in Jersey\n"
       "Managing long term conditions"),
      ("System development to explore innovation and ideas", "Partnership working including "
       "partnership of purpose\nCo-production\nFacilitation and building trust between "
       "different organisations\nPrinciples of working and sharing resources"),
      ("Underpinned by research hub", "Set-up an innovation and research hub for "
       "organisations to exhibit and learn best practice\nUnderpinned by Public Health "
       "guidance\nExisting data in one place")]),
    ("To support people of all ages to access the right care, at the right time, in the "
     "right place", "",
     "Empowering Islanders of all ages to direct the care and support they receive",
     "Islanders receive efficient and effective support in preventative healthcare", [2, 1],
     [("Access to timely assessment and self-referral", "Self-referral services\nCoordinated "
       "care to access services\n24/7 access to services\nSupport identifying the right "
       "service where needed"),
      ("Workforce", "Trained staff to navigate services\n24/7 availability"),
      ("Referral guides and support", "Consistency in accessing services.\nClear pathway "
       "development between services")]),
    ("To enable co-production, inclusive of 'equals by experience', in order to deliver care "
     "that provides best outcomes", "Commission for families not individuals",
     "'No decision about me, without me'",
     "Ensuring Islanders are involved in all aspects of care", [3],
     [("Enabling co-production", "Teach principles for co-production\nClear communication "
       "channels\nInvolvement of all stakeholders"),
      ("Mapping", "Work with organisations and individuals to influence change"),
      ("Engagement frameworks", "Proactive approach to facilitation")]),
]  # fmt: skip

# (slug, name, care setting, [(model, since, reason)], pathways)
SERVICE_AREAS = [
    (HOME_CARE_AREA, "Home care", CareSetting.HOME_CARE,
     [(M.SPECIFICATION_AND_PROCUREMENT, date(2019, 1, 1), "Individual packages bought from "
       "each provider."),
      (M.INTEGRATED_COMMUNITY_PARTNERSHIP, date(2024, 4, 1), "The strategy's move to "
       "integrated community partnerships: providers co-produce the outcomes and share the "
       f"evening and weekend rota. {SYNTHETIC}")], [0, 1]),
    (CARERS_AREA, "Carers support", CareSetting.COMMUNITY,
     [(M.SPECIFICATION_AND_PROCUREMENT, date(2020, 1, 1), "Grants to each charity."),
      (M.INTEGRATED_COMMUNITY_PARTNERSHIP, date(2024, 7, 1), "A partnership agreement "
       f"between the carers' charities, commissioned for families. {SYNTHETIC}")], [3]),
    ("end-of-life-care", "End of life care", CareSetting.END_OF_LIFE,
     [(M.SPECIFICATION_AND_PROCUREMENT, date(2019, 1, 1), "Separate contracts."),
      (M.INTEGRATED_COMMUNITY_PARTNERSHIP, date(2022, 10, 1), f"Shared pathway. {SYNTHETIC}"),
      (M.MATURE_INTEGRATED_PARTNERSHIP, date(2025, 4, 1), "An accountable partnership with "
       f"a co-designed specification based on population outcomes. {SYNTHETIC}")], []),
    ("community-mental-health-and-wellbeing", "Community mental health and wellbeing",
     CareSetting.MENTAL_HEALTH,
     [(M.SPECIFICATION_AND_PROCUREMENT, date(2019, 1, 1), "Individual service contracts."),
      (M.INTEGRATED_COMMUNITY_PARTNERSHIP, date(2023, 4, 1), "Voluntary sector partners "
       f"co-produce a recovery pathway. {SYNTHETIC}")], [2]),
    ("residential-and-nursing-care", "Residential and nursing care",
     CareSetting.RESIDENTIAL_AND_NURSING,
     [(M.SPECIFICATION_AND_PROCUREMENT, date(2019, 1, 1), "Placements bought from each "
       "home.")], []),
    ("prevention-and-self-care", "Prevention and self-care", CareSetting.PREVENTION,
     [(M.SPECIFICATION_AND_PROCUREMENT, date(2021, 1, 1), "Individual grants.")], []),
]  # fmt: skip

_PCT = {"value_type": ValueType.PROPORTION, "multiplier": 100.0, "unit": "%"}
_SOURCE = "Providers' KPI returns, validated by the commissioner"
KPI_INDICATORS = [
    {"code": "HC-REVIEW-6WK", "name": "Home care packages reviewed within six weeks",
     "definition": "New home care packages whose first review took place within six weeks of "
     f"the start. {SYNTHETIC}", "numerator_definition": "Packages reviewed within six weeks.",
     "denominator_definition": "New packages started.", **_PCT,
     "polarity": Polarity.HIGHER_IS_BETTER},
    {"code": "HC-MISSED-VISITS", "name": "Missed home care visits",
     "definition": f"Planned home care visits missed, per 1,000 planned visits. {SYNTHETIC}",
     "numerator_definition": "Visits missed.", "denominator_definition": "Visits planned.",
     "value_type": ValueType.RATE, "multiplier": 1000.0, "unit": "per 1,000",
     "polarity": Polarity.LOWER_IS_BETTER},
    {"code": "HC-HOURS-DELIVERED", "name": "Commissioned home care hours delivered",
     "definition": "Hours of home care delivered as a share of the hours commissioned: too few "
     f"leaves needs unmet, too many means plans are out of date. {SYNTHETIC}", **_PCT,
     "polarity": Polarity.NO_JUDGEMENT},
    {"code": "HC-HOME-91D", "name": "Still at home 91 days after starting home care",
     "definition": "Islanders starting home care after a hospital stay who are still living "
     f"at home 91 days later. {SYNTHETIC}", **_PCT, "polarity": Polarity.HIGHER_IS_BETTER},
    {"code": "CARER-ASSESSED", "name": "Carers offered an assessment of their own needs",
     "definition": f"Carers known to the partnership offered a carer's assessment. {SYNTHETIC}",
     **_PCT, "polarity": Polarity.HIGHER_IS_BETTER},
]  # fmt: skip

ROUTES = [
    # (intention number, area slug, route, rationale, decision title, decided on, options)
    (1, HOME_CARE_AREA, Route.TENDER,
     "An open tender in lots, with a consortium route for small partners, tests the market "
     f"fairly and gives the 3 + 2 year contract the strategy asks for. {SYNTHETIC}",
     "Approve an open tender for home care services", date(2024, 1, 15),
     [OptionIn(Route.TENDER, "Open and fair; small providers can bid as a consortium; longer "
               "contract.", "Takes longer; bidding costs for small providers."),
      OptionIn(Route.DIRECT_AWARD, "Quick; continuity for current clients.",
               "No competition; excludes new and small providers."),
      OptionIn(Route.PARTNERSHIP_AGREEMENT, "Builds on existing relationships.",
               "The market is not yet ready to share risk across all providers.")]),
    (5, CARERS_AREA, Route.PARTNERSHIP_AGREEMENT,
     "The carers' charities already work together; a partnership agreement commissions for "
     f"families, not individuals. {SYNTHETIC}",
     "Approve a partnership agreement for carers support", date(2024, 3, 12),
     [OptionIn(Route.PARTNERSHIP_AGREEMENT, "Commissions for families; co-produced; keeps "
               "small charities in.", "Needs a lead partner to hold the agreement."),
      OptionIn(Route.GRANT, "Simple for small charities.", "Siloed: one grant per charity, "
               "no shared outcomes.")]),
]  # fmt: skip


class _Loader:
    def __init__(self):
        self.added = {
            "principles": 0, "care_pathways": 0, "needs_chapters": 0, "intentions": 0,
            "service_areas": 0, "specifications": 0, "route_decisions": 0, "indicators": 0,
        }  # fmt: skip
        self.by = get_user_model().objects.filter(username="commissioner").first()

    def run(self) -> dict:
        self.principles()
        pathways = self.pathways()
        chapters = self.chapters()
        intentions = self.intentions(chapters, pathways)
        areas = self.service_areas(pathways)
        indicators = self.indicators()
        self.specifications(intentions, areas, indicators)
        self.routes(intentions, areas)
        return self.added

    def principles(self):
        for number, text in enumerate(PRINCIPLES, start=1):
            if not Principle.objects.filter(number=number).exists():
                services.add_principle(number=number, text=text, by=self.by)
                self.added["principles"] += 1

    def pathways(self) -> list:
        found = []
        for name, description in PATHWAYS:
            pathway = CarePathway.objects.filter(name=name).first()
            if pathway is None:
                pathway = services.create_care_pathway(name=name, description=description,
                                                       by=self.by)  # fmt: skip
                self.added["care_pathways"] += 1
            found.append(pathway)
        return found

    def chapters(self) -> list:
        found = []
        for title, summary, gap, groups, codes, documents in CHAPTERS:
            chapter = NeedsChapter.objects.filter(title=title).first()
            if chapter is None:
                chapter = services.create_chapter(
                    title=title, summary=summary, gap=gap, assessed_on=date(2022, 9, 30),
                    population_groups=groups, synthetic=True, by=self.by,
                )  # fmt: skip
                for indicator in Indicator.objects.filter(code__in=codes):
                    services.add_evidence(chapter=chapter, indicator=indicator,
                                          dated=date(2022, 9, 30), by=self.by)  # fmt: skip
                for doc_title, url in documents:
                    services.add_evidence(
                        chapter=chapter, title=doc_title, url=url, dated=date(2017, 9, 14),
                        note="Named in the strategy as the evidence of future need.", by=self.by,
                    )  # fmt: skip
                self.added["needs_chapters"] += 1
            found.append(chapter)
        return found

    def intentions(self, chapters, pathways) -> dict:
        found = {}
        for number, (title, theme, scope, vision, needs, actions) in enumerate(INTENTIONS, 1):
            intention = Intention.objects.filter(number=number).first()
            if intention is None:
                intention = services.create_intention(
                    number=number, title=title, theme=theme, scope=scope, vision=vision,
                    needs_chapters=[chapters[n] for n in needs],
                    care_pathways=pathways[:2] if number in (1, 4) else [], by=self.by,
                )  # fmt: skip
                for position, (achieve, how) in enumerate(actions):
                    services.add_delivery_action(
                        intention=intention, achieve=achieve, how=how, owner=PLANNER,
                        due_by=date(2023 + position, 12, 31), synthetic=True, by=self.by,
                    )  # fmt: skip
                self.added["intentions"] += 1
            found[number] = intention
        return found

    def service_areas(self, pathways) -> dict:
        found = {}
        for slug, name, setting, history, pathway_indexes in SERVICE_AREAS:
            area = ServiceArea.objects.filter(slug=slug).first()
            if area is None:
                (model, since, reason), *changes = history
                area = services.create_service_area(
                    name=name, care_setting=setting, model=model, since=since, reason=reason,
                    care_pathways=[pathways[n] for n in pathway_indexes], by=self.by,
                )  # fmt: skip
                for to_model, on, why in changes:
                    services.change_service_area_model(
                        service_area=area, to_model=to_model, changed_on=on, reason=why,
                        by=self.by,
                    )  # fmt: skip
                area.refresh_from_db()
                self.added["service_areas"] += 1
            found[slug] = area
        return found

    def indicators(self) -> dict:
        found = {}
        for spec in KPI_INDICATORS:
            indicator = Indicator.objects.filter(code=spec["code"]).first()
            if indicator is None:
                indicator = outcomes_services.create_indicator(
                    **spec, frequency=Frequency.QUARTERLY, source=_SOURCE,
                    effective_from=date(2023, 4, 1), by=self.by,
                )  # fmt: skip
                self.added["indicators"] += 1
            found[spec["code"]] = indicator
        return found

    def specifications(self, intentions, areas, ind):
        if not Specification.objects.filter(slug=HOME_CARE_SPEC).exists():
            spec = services.create_specification(
                title="Home care services", service_area=areas[HOME_CARE_AREA],
                intention=intentions[1], effective_from=date(2023, 4, 1), by=self.by,
                service_description="Personal care and practical support at home for adults "
                "assessed as needing it, seven days a week, including evenings.",
                population="Adults in Jersey assessed as eligible for home care.",
                outcomes=["Islanders live as independently as possible for longer at home.",
                          "Care is reviewed and adjusted as needs change."],
                kpis=[KpiIn(ind["HC-REVIEW-6WK"], 90.0), KpiIn(ind["HC-MISSED-VISITS"], 5.0),
                      KpiIn(ind["HC-HOURS-DELIVERED"], 95.0, 105.0)],
            )  # fmt: skip
            services.add_specification_version(
                specification=spec, effective_from=date(2024, 4, 1), by=self.by,
                change_note="For the integrated community partnership: adds the 91-day outcome "
                "and co-produced outcomes with Islanders and carers.",
                outcomes=["Islanders live as independently as possible for longer at home.",
                          "Care is reviewed and adjusted as needs change.",
                          "Islanders and their carers co-produce their care plan."],
                kpis=[KpiIn(ind["HC-REVIEW-6WK"], 90.0), KpiIn(ind["HC-MISSED-VISITS"], 5.0),
                      KpiIn(ind["HC-HOURS-DELIVERED"], 95.0, 105.0),
                      KpiIn(ind["HC-HOME-91D"], 80.0)],
            )  # fmt: skip
            self.added["specifications"] += 1
        if not Specification.objects.filter(slug=CARERS_SPEC).exists():
            services.create_specification(
                title="Carers support partnership", service_area=areas[CARERS_AREA],
                intention=intentions[5], effective_from=date(2024, 7, 1), by=self.by,
                service_description="Information, assessment, breaks and peer support for "
                "unpaid carers and their families, delivered by the carers' charities together.",
                population="Unpaid carers of all ages and their families.",
                outcomes=["Carers are supported to look after their own health and wellbeing."],
                kpis=[KpiIn(ind["CARER-ASSESSED"], 75.0)],
            )  # fmt: skip
            self.added["specifications"] += 1

    def routes(self, intentions, areas):
        from joinedup.governance.choices import BodyKind
        from joinedup.governance.models import Body
        from joinedup.governance.services import record_decision

        minister = Body.objects.filter(kind=BodyKind.MINISTERIAL).first()
        if minister is None or not minister.can_decide:
            return  # the governance demo is not loaded: no one to approve a route
        for number, area_slug, route, rationale, title, on, options in ROUTES:
            intention, area = intentions[number], areas[area_slug]
            if RouteDecision.objects.filter(intention=intention, service_area=area).exists():
                continue
            decision = record_decision(
                body=minister, title=title, decided_on=on, by=self.by,
                text=f"{title}, as the options appraisal recommends. {SYNTHETIC}",
                basis=f"Options appraisal for commissioning intention {number}; the "
                "Commissioning and Partnerships Strategy 2022-2025.",
            )  # fmt: skip
            services.record_route_decision(
                intention=intention, service_area=area, route=route, rationale=rationale,
                decision=decision, options=options, by=self.by,
            )  # fmt: skip
            self.added["route_decisions"] += 1


@transaction.atomic
def load() -> dict:
    return _Loader().run()


@transaction.atomic
def record_measures(*, today: date | None = None) -> dict:
    """Record the partnership measures for every quarter from the first partnership's start
    to the current quarter that has none yet: their history, once the register is loaded."""
    from .models import Contract
    from .queries.plans import PARTNERSHIP_MODELS

    first = (
        Contract.objects.filter(model__in=PARTNERSHIP_MODELS)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    if first is None:
        return {"partnership_measure_quarters": 0}
    today = today or timezone.localdate()
    by = get_user_model().objects.filter(username="commissioner").first()
    quarter, last = (
        periods.containing(first, periods.QUARTER),
        periods.containing(today, periods.QUARTER),
    )
    recorded = set(
        Observation.objects.filter(
            indicator__code="CP-PARTNERSHIPS", subject__code=services.MEASURES_SUBJECT["code"]
        ).values_list("period_start", flat=True)
    )
    added = 0
    while quarter <= last:
        if quarter.start not in recorded:
            services.record_partnership_measures(period=quarter, by=by)
            added += 1
        quarter = periods.containing(quarter.end + timedelta(days=1), periods.QUARTER)
    return {"partnership_measure_quarters": added}
