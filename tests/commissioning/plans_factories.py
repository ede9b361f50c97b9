"""Plans test data, made through the plans services as the product makes it: needs chapters,
intentions, service areas, specifications with KPIs, and a governance decision that approves
a route."""

import itertools
from datetime import date

from joinedup.commissioning.choices import CommissioningModel, Route
from joinedup.commissioning.services import plans
from joinedup.core.choices import CareSetting, Visibility
from joinedup.governance.choices import BodyKind, DecisionPower
from joinedup.governance.services import record_decision
from tests.governance import factories as governance_factories
from tests.outcomes import factories as outcomes_factories

_numbers = itertools.count(1)


def chapter(title=None, *, visibility=Visibility.PUBLIC, **fields):
    return plans.create_chapter(
        title=title or f"Needs chapter {next(_numbers)}",
        summary=fields.pop("summary", "What the assessment found."),
        gap=fields.pop("gap", "Too little care at home in the evenings."),
        assessed_on=fields.pop("assessed_on", date(2022, 9, 30)),
        population_groups=fields.pop("population_groups", ["Older people"]),
        visibility=visibility,
        **fields,
    )


def intention(number=None, *, chapters=(), visibility=Visibility.PUBLIC, **fields):
    number = number or 100 + next(_numbers)
    return plans.create_intention(
        number=number,
        title=fields.pop("title", f"Intention {number}"),
        scope=fields.pop("scope", "All Islanders."),
        vision=fields.pop("vision", "Islanders live well for longer."),
        needs_chapters=chapters,
        visibility=visibility,
        **fields,
    )


def service_area(name=None, *, model=CommissioningModel.SPECIFICATION_AND_PROCUREMENT,
                 care_setting=CareSetting.HOME_CARE, visibility=Visibility.PUBLIC):  # fmt: skip
    return plans.create_service_area(
        name=name or f"Area {next(_numbers)}", care_setting=care_setting, model=model,
        since=date(2020, 1, 1), visibility=visibility,
    )  # fmt: skip


def kpi_indicator(code=None, **fields):
    return outcomes_factories.indicator(code, **fields)


def specification(
    area=None, *, intention=None, kpis=None, visibility=Visibility.PUBLIC, title=None
):
    """Version 1 with one outcome and the KPIs given as (indicator, target) pairs."""
    kpis = kpis if kpis is not None else [(kpi_indicator(), 90.0)]
    return plans.create_specification(
        title=title or f"Specification {next(_numbers)}", service_area=area or service_area(),
        intention=intention, service_description="Care at home.",
        outcomes=["Islanders live at home for longer."],
        kpis=[plans.KpiIn(i, t) for i, t in kpis], visibility=visibility,
        effective_from=date(2023, 4, 1),
    )  # fmt: skip


def deciding_body():
    return governance_factories.body(
        kind=BodyKind.MINISTERIAL, power=DecisionPower.DECIDES, name=f"Minister {next(_numbers)}"
    )


def decision(body=None, *, title="Approve the route", decided_on=date(2024, 1, 15)):
    return record_decision(
        body=body or deciding_body(), title=title, text="Approved.",
        basis="The options appraisal.", decided_on=decided_on,
    )  # fmt: skip


def options(*routes):
    routes = routes or (Route.TENDER, Route.DIRECT_AWARD)
    return [plans.OptionIn(r, f"Pros of {r}.", f"Cons of {r}.") for r in routes]
