"""Programme test data, built through the service functions."""

import itertools
from datetime import date
from decimal import Decimal

from joinedup.governance.choices import BodyKind, DecisionPower
from joinedup.programme import services
from joinedup.programme.choices import Dimension, ProjectRole, RiskCategory, RiskLevel
from tests import factories
from tests.governance import factories as gov

_numbers = itertools.count(1)

# Time in days late, cost in percent over budget, the rest in percent or score points.
TOLERANCES = {
    Dimension.TIME: Decimal(30),
    Dimension.COST: Decimal(5),
    Dimension.SCOPE_QUALITY: Decimal(10),
    Dimension.BENEFITS: Decimal(10),
    Dimension.RISK: Decimal(4),
}


def programme(*, name="Care Model Programme"):
    board = gov.body(
        "Programme Board", kind=BodyKind.PROGRAMME_BOARD, power=DecisionPower.DECIDES, quorum=1
    )
    oversight = gov.body(
        "Oversight Board", kind=BodyKind.INDEPENDENT_OVERSIGHT, power=DecisionPower.ASSURES,
        quorum=1,
    )  # fmt: skip
    created = services.create_programme(name=name, board=board, reports_agreed_by=oversight)
    for dimension, limit in TOLERANCES.items():
        services.set_tolerance(programme=created, dimension=dimension, limit=limit)
    return created


def workstream(programme, name=None):
    number = next(_numbers)
    board = gov.body(
        f"{name or 'Workstream'} Board {number}", kind=BodyKind.WORKSTREAM_BOARD,
        power=DecisionPower.DECIDES, reports_to=programme.board, quorum=1,
    )  # fmt: skip
    return services.add_workstream(
        programme=programme, name=name or f"Workstream {number}", board=board
    )


def project(workstream, lead, *, name=None, **fields):
    number = next(_numbers)
    return services.create_project(
        workstream=workstream, name=name or f"Project {number}", reference=f"P{number:03d}",
        lead_organisation=lead, budget=fields.pop("budget", Decimal(100_000)),
        starts_on=fields.pop("starts_on", date(2021, 4, 1)),
        ends_on=fields.pop("ends_on", date(2023, 3, 31)), **fields,
    )  # fmt: skip


def staff(project, organisation):
    """Name a project manager, clinical lead and finance representative; return them."""
    people = {}
    for role in (
        ProjectRole.PROJECT_MANAGER,
        ProjectRole.CLINICAL_LEAD,
        ProjectRole.FINANCE_REPRESENTATIVE,
    ):
        person = factories.person(f"{role}_{next(_numbers)}", organisation=organisation)
        services.assign_project_role(project=project, role=role, person=person)
        people[role] = person
    return people


ON_PLAN = {dimension: {"deviation": 0} for dimension in Dimension}


def forecasts(**deviations):
    """Every dimension on plan except those given, e.g. forecasts(cost=8)."""
    return {**ON_PLAN, **{Dimension(k): {"deviation": v} for k, v in deviations.items()}}


def risk(programme, owner, holders, *, project=None, current=(3, 3), **fields):
    number = next(_numbers)
    values = {
        "level": RiskLevel.PROJECT if project else RiskLevel.PROGRAMME,
        "title": f"Risk {number}",
        "cause": "Because of a cause",
        "event": "an event may happen",
        "effect": "with an effect",
        "category": RiskCategory.DELIVERY,
        "inherent_likelihood": 4,
        "inherent_consequence": 4,
        "current_likelihood": current[0],
        "current_consequence": current[1],
        "target_likelihood": 1,
        "target_consequence": 2,
        "target_on": date(2030, 1, 1),
        "response": "reduce",
        "review_on": date(2030, 1, 1),
        **fields,
    }
    return services.record_risk(
        programme=programme, reference=f"R{number:03d}", holders=holders, project=project,
        owner=owner, **values,
    )  # fmt: skip
