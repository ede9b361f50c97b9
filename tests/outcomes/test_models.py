"""Indicators with versioned definitions and visibility, subjects in a hierarchy, and figures
recorded one by one or in bulk, each refused with no change when it cannot be right."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from joinedup.core.access import ANONYMOUS, viewer_for
from joinedup.core.choices import Visibility
from joinedup.core.models import AuditEntry
from joinedup.outcomes import queries, services
from joinedup.outcomes.choices import ImportTarget, Polarity, SubjectKind, ValueType
from joinedup.outcomes.models import IndicatorVersion, Observation, Plan
from joinedup.outcomes.periods import MONTH, Period
from tests import factories as core_factories
from tests.outcomes import factories

pytestmark = pytest.mark.django_db
APRIL = Period(MONTH, date(2022, 4, 1))
MAY = Period(MONTH, date(2022, 5, 1))


def test_an_indicator_starts_at_version_one_with_its_definition_kept(db):
    indicator = factories.indicator("AE", definition="Seen within four hours.",
                                    effective_from=date(2016, 4, 1))  # fmt: skip
    version = indicator.versions.get()
    assert (version.version, version.effective_from, version.definition) == (
        1, date(2016, 4, 1), "Seen within four hours."
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="indicator.created", object_id=str(indicator.pk))


def test_changing_the_definition_makes_a_new_version_and_keeps_the_old(db):
    indicator = factories.indicator(
        "AE", definition="Type 1 only.", effective_from=date(2016, 4, 1)
    )
    services.revise_indicator(
        indicator=indicator, definition="All department types.", effective_from=date(2020, 4, 1),
        reason="Aligned with the national standard.",
    )  # fmt: skip
    indicator.refresh_from_db()
    assert (indicator.version, indicator.definition) == (2, "All department types.")
    assert list(indicator.versions.values_list("version", "effective_from", "definition")) == [
        (2, date(2020, 4, 1), "All department types."),
        (1, date(2016, 4, 1), "Type 1 only."),
    ]
    assert AuditEntry.objects.latest("seq").action == "indicator.redefined"


def test_changing_only_the_name_or_target_keeps_the_version(db):
    indicator = factories.indicator("AE")
    services.revise_indicator(indicator=indicator, name="Four hours", target=95.0)
    indicator.refresh_from_db()
    assert (indicator.version, indicator.name, indicator.target) == (1, "Four hours", 95.0)
    assert IndicatorVersion.objects.filter(indicator=indicator).count() == 1


def test_a_new_definition_needs_a_day_no_earlier_than_the_current_one(db):
    indicator = factories.indicator("AE", effective_from=date(2020, 4, 1))
    with pytest.raises(ValidationError, match="needs the day"):
        services.revise_indicator(indicator=indicator, definition="New")
    with pytest.raises(ValidationError, match="cannot start before"):
        services.revise_indicator(indicator=indicator, definition="New",
                                  effective_from=date(2019, 4, 1))  # fmt: skip
    indicator.refresh_from_db()
    assert indicator.version == 1 and indicator.versions.count() == 1


def test_a_target_range_must_run_upwards(db):
    with pytest.raises(ValidationError):
        factories.indicator("R", target=90.0, target_upper=80.0)
    indicator = factories.indicator("R", target=80.0, target_upper=90.0,
                                    polarity=Polarity.LOWER_IS_BETTER)  # fmt: skip
    assert indicator.has_target_range


def test_indicators_follow_core_visibility(partner_a, partner_b):
    factories.indicator("PUB")
    factories.indicator("PART", visibility=Visibility.PARTNERSHIP)
    factories.indicator("SECRET", visibility=Visibility.RESTRICTED, restricted_to=[partner_a])
    member_a = core_factories.person("a1", organisation=partner_a)
    member_b = core_factories.person("b1", organisation=partner_b)

    def codes(viewer):
        return list(queries.visible_indicators(viewer).values_list("code", flat=True))

    assert codes(ANONYMOUS) == ["PUB"]
    assert codes(viewer_for(member_b.user)) == ["PART", "PUB"]
    assert codes(viewer_for(member_a.user)) == ["PART", "PUB", "SECRET"]


def test_a_subject_can_be_a_partner_organisation_once(partner_a):
    subject = services.subject_for_organisation(organisation=partner_a, code="PA")
    again = services.subject_for_organisation(organisation=partner_a)
    assert subject == again and subject.kind == SubjectKind.ORGANISATION
    with pytest.raises(ValidationError):
        services.create_subject(code="X", name="X", kind=SubjectKind.PLACE,
                                organisation=partner_a)  # fmt: skip


def test_a_subject_cannot_become_a_member_of_its_own_member(db):
    nation = factories.subject("N", kind=SubjectKind.NATION)
    system = factories.subject("S", kind=SubjectKind.SYSTEM, parent=nation)
    place = factories.subject("P", parent=system)
    with pytest.raises(ValidationError, match="its own members"):
        services.move_subject(subject=nation, parent=place)
    nation.refresh_from_db()
    assert nation.parent is None
    services.move_subject(subject=place, parent=nation)
    assert set(nation.members.values_list("code", flat=True)) == {"S", "P"}


def test_recording_an_observation_computes_its_value_and_corrects_it_later(setting):
    services.record_observation(indicator=setting.indicator, subject=setting.a, period=APRIL,
                                numerator=45, denominator=50)  # fmt: skip
    services.record_observation(indicator=setting.indicator, subject=setting.a, period=APRIL,
                                numerator=46, denominator=50)  # fmt: skip
    figure = Observation.objects.get()
    assert (figure.numerator, figure.value, figure.period_end) == (46, 92.0, date(2022, 4, 30))
    assert AuditEntry.objects.filter(action="observation.recorded").count() == 2


@pytest.mark.parametrize(
    ("value_type", "numbers", "problem"),
    [
        (ValueType.PROPORTION, {"numerator": 60, "denominator": 50}, "above the denominator"),
        (ValueType.RATE, {"numerator": -1, "denominator": 50}, "numerator is negative"),
        (ValueType.RATE, {"numerator": 1, "denominator": 0}, "denominator is 0"),
        (ValueType.COUNT, {"value": -2}, "count cannot be negative"),
        (ValueType.COUNT, {"denominator": 2}, "needs a numerator"),
        (ValueType.MEAN, {}, "needs a numerator or a value"),
    ],
)
def test_a_figure_that_cannot_be_right_is_refused(setting, value_type, numbers, problem):
    indicator = factories.indicator(value_type=value_type)
    with pytest.raises(ValidationError, match=problem):
        services.record_observation(indicator=indicator, subject=setting.a, period=APRIL,
                                    **numbers)  # fmt: skip
    assert not Observation.objects.exists()


def test_money_may_be_negative(setting):
    indicator = factories.indicator("VAR", value_type=ValueType.MONEY, unit="£")
    figure = services.record_observation(indicator=indicator, subject=setting.a, period=APRIL,
                                         value=-1500.0)  # fmt: skip
    assert figure.value == -1500.0


def test_a_plan_is_kept_apart_from_what_happened(setting):
    services.set_plan(indicator=setting.indicator, subject=setting.a, period=APRIL, value=95.0)
    services.record_observation(indicator=setting.indicator, subject=setting.a, period=APRIL,
                                numerator=90, denominator=100)  # fmt: skip
    assert Plan.objects.get().value == 95.0 and Observation.objects.get().value == 90.0


def test_figures_are_unique_per_indicator_subject_and_period(setting):
    services.record_observation(indicator=setting.indicator, subject=setting.a, period=APRIL,
                                numerator=1, denominator=2)  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            indicator=setting.indicator, subject=setting.a, period_type=MONTH,
            period_start=APRIL.start, period_end=APRIL.end, numerator=1, denominator=3,
        )  # fmt: skip


def test_figures_can_be_recorded_in_bulk_with_one_audit_entry(setting):
    rows = [
        services.FigureRow(setting.indicator, subject, period, numerator=n, denominator=100)
        for subject in (setting.a, setting.b)
        for period, n in ((APRIL, 90), (MAY, 91))
    ]
    entries = AuditEntry.objects.count()
    counts = services.record_figures(figures=rows, synthetic=True, source="Demo")
    assert (counts.new, counts.changed, counts.unchanged) == (4, 0, 0)
    assert AuditEntry.objects.count() == entries + 1
    assert set(Observation.objects.values_list("value", "synthetic")) == {(90.0, True),
                                                                          (91.0, True)}  # fmt: skip
    again = services.record_figures(figures=rows, synthetic=True, source="Demo")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 4)
    plans = services.record_figures(figures=rows[:1], into=ImportTarget.PLANS)
    assert plans.new == 1 and Plan.objects.count() == 1


def test_bulk_figures_are_refused_all_together_when_one_is_wrong(setting):
    rows = [
        services.FigureRow(setting.indicator, setting.a, APRIL, numerator=1, denominator=2),
        services.FigureRow(setting.indicator, setting.b, APRIL, numerator=3, denominator=2),
        services.FigureRow(setting.indicator, setting.a, APRIL, numerator=1, denominator=4),
    ]
    with pytest.raises(ValidationError, match="figure 2: the numerator is above"):
        services.record_figures(figures=rows)
    with pytest.raises(ValidationError, match="figure 2 repeats"):
        services.record_figures(figures=[rows[0], rows[2]])
    assert not Observation.objects.exists()


def test_every_model_says_what_it_is_in_a_docstring():
    from django.apps import apps

    for model in apps.get_app_config("outcomes").get_models():
        assert model.__doc__ and not model.__doc__.startswith(model.__name__ + "(")
