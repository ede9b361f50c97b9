"""The commissioning demo: the strategy's intentions and delivery plan, service areas across the
three models, a completed home care tender and its 3 + 2 contract, a partnership agreement and an
open tender. Idempotent: each stage's loader skips what is already there."""

from . import demo_contracts, demo_plans, demo_procurement


def load() -> dict:
    counts: dict[str, int] = {}
    for stage in (demo_plans, demo_procurement, demo_contracts):
        for name, added in stage.load().items():
            counts[name] = counts.get(name, 0) + added
    counts.update(demo_plans.record_measures())  # the measures' history, once the register is in
    return counts
