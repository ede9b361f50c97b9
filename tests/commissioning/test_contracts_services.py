"""The contracts register's rules, through its services: making contracts, KPI returns and
their validation into outcomes, ratings, variations, extensions and reminders."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from joinedup.commissioning.choices import (
    CommissioningModel,
    OptionDecision,
    PartyRole,
    PerformanceRating,
    Route,
)
from joinedup.commissioning.models import (
    Contract,
    ContractParty,
    ContractReminder,
    KpiReturn,
    Variation,
)
from joinedup.commissioning.services import contracts as services
from joinedup.core.models import AuditEntry
from joinedup.outcomes import periods
from joinedup.outcomes.choices import Polarity
from joinedup.outcomes.models import Observation
from tests import factories

from . import contracts_factories as make

pytestmark = pytest.mark.django_db

Q1_2024 = periods.parse_period("2024/25 Q1")  # April to June 2024, in the term


@pytest.mark.parametrize(
    ("value", "target", "upper", "polarity", "rating"),
    [
        (95, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.MET),
        (90, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.MET),
        (86, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.SLIGHTLY_BELOW),
        (85.5, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.SLIGHTLY_BELOW),
        (80, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.BELOW),
        (76.5, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.BELOW),
        (70, 90, None, Polarity.HIGHER_IS_BETTER, PerformanceRating.SIGNIFICANTLY_BELOW),
        (4, 5, None, Polarity.LOWER_IS_BETTER, PerformanceRating.MET),
        (5.2, 5, None, Polarity.LOWER_IS_BETTER, PerformanceRating.SLIGHTLY_BELOW),
        (5.7, 5, None, Polarity.LOWER_IS_BETTER, PerformanceRating.BELOW),
        (7, 5, None, Polarity.LOWER_IS_BETTER, PerformanceRating.SIGNIFICANTLY_BELOW),
        (1, 0, None, Polarity.LOWER_IS_BETTER, PerformanceRating.SIGNIFICANTLY_BELOW),
        (12, 10, 14, Polarity.NO_JUDGEMENT, PerformanceRating.MET),
        (14.5, 10, 14, Polarity.NO_JUDGEMENT, PerformanceRating.SLIGHTLY_BELOW),
        (9, 10, 14, Polarity.NO_JUDGEMENT, PerformanceRating.BELOW),
        (50, 90, None, Polarity.NO_JUDGEMENT, ""),
        (50, None, None, Polarity.HIGHER_IS_BETTER, ""),
    ],
)
def test_it_rates_a_return_against_its_target(value, target, upper, polarity, rating):
    assert services.rate(value, target=target, target_upper=upper, polarity=polarity) == rating


def test_it_makes_a_contract_from_a_final_award_with_the_consortium_as_subcontractors():
    lead, partner = make.provider("Lead Homecare"), make.provider("Small Partner")
    contract = make.contract(lead=lead, subcontractors=[partner])
    roles = {p.organisation.name: p.role for p in contract.parties.select_related("organisation")}
    assert roles == {"Lead Homecare": PartyRole.LEAD, "Small Partner": PartyRole.SUBCONTRACTOR}
    assert contract.value == Decimal("900000")
    assert contract.ends_on == contract.initial_ends_on == make.INITIAL_END
    assert contract.specification_version.kpis.count() == 1
    assert AuditEntry.objects.filter(action="contract.created", object_id=str(contract.pk))


def test_a_contract_cannot_be_made_during_the_standstill():
    by = make.commissioner()
    area = make.service_area()
    award = make.award(
        make.process(area), suppliers=[make.provider()],
        standstill_ends_at=timezone.now() + timedelta(days=3), confirmed=False,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="standstill period has not ended"):
        services.create_contract_from_award(
            award=award, starts_on=make.START, initial_ends_on=make.INITIAL_END, by=by.user
        )
    assert not Contract.objects.exists()


def test_a_contract_cannot_be_made_from_an_unconfirmed_award():
    by = make.commissioner()
    award = make.award(make.process(make.service_area()), suppliers=[make.provider()],
                       confirmed=False)  # fmt: skip
    with pytest.raises(ValidationError, match="not been confirmed"):
        services.create_contract_from_award(
            award=award, starts_on=make.START, initial_ends_on=make.INITIAL_END, by=by.user
        )
    assert not Contract.objects.exists()


def test_a_contract_that_ends_before_it_starts_is_refused_and_nothing_is_made():
    with pytest.raises(ValidationError) as refusal:
        make.contract(starts_on=date(2025, 4, 1), initial_ends_on=date(2025, 3, 31), options=[])
    assert "initial_ends_on" in refusal.value.message_dict
    assert "cannot end" in refusal.value.message_dict["initial_ends_on"][0]
    assert not Contract.objects.exists()
    assert not ContractParty.objects.exists()


def test_funding_above_the_value_is_refused():
    with pytest.raises(ValidationError, match="more than the value"):
        make.contract(funding=[services.Funding("public", "Fund", Decimal("900001"))])
    assert not Contract.objects.exists()


def test_only_a_commissioner_makes_a_contract():
    someone = factories.person("someone", organisation=make.provider())
    with pytest.raises(PermissionDenied):
        make.partnership(by=someone)
    assert not Contract.objects.exists()


def test_a_partnership_agreement_has_its_own_process_without_a_tender():
    members = [make.provider(kind="voluntary_and_community") for _ in range(2)]
    contract = make.partnership(members=members)
    process = contract.process
    assert process.route == Route.PARTNERSHIP_AGREEMENT
    assert process.ocid.startswith("ocds-jnup01-")
    assert contract.model == CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP
    assert contract.parties.filter(role=PartyRole.MEMBER).count() == 2


def test_a_member_opts_out_with_a_date_and_reason():
    member = make.provider(kind="voluntary_and_community")
    by = make.commissioner()
    contract = make.partnership(members=[member], by=by)
    party = contract.parties.get(organisation=member)
    services.record_opt_out(party=party, on=date(2025, 6, 1), reason="Too small to take part",
                            by=by.user)  # fmt: skip
    party.refresh_from_db()
    assert party.opted_out_on == date(2025, 6, 1)
    with pytest.raises(ValidationError, match="opted out on"):
        services.record_opt_out(party=party, on=date(2025, 7, 1), reason="Again", by=by.user)


# KPI returns


@pytest.fixture
def setting():
    by = make.commissioner()
    lead = make.provider("Tutela Test")
    contract = make.contract(lead=lead, by=by)
    provider = factories.person("pat", organisation=lead)
    kpi = contract.specification_version.kpis.get()
    return contract, kpi, provider, by


def test_the_lead_provider_submits_a_return_rated_against_the_target(setting):
    contract, kpi, provider, _ = setting
    kpi_return = services.submit_kpi_return(
        contract=contract, kpi=kpi, period=Q1_2024, numerator=80, denominator=100, by=provider.user
    )
    assert kpi_return.value == 80.0
    assert kpi_return.rating == PerformanceRating.BELOW
    assert kpi_return.status == "submitted"


def test_a_return_by_another_organisation_is_refused_and_recorded_as_a_breach(setting):
    contract, kpi, _, _ = setting
    outsider = factories.person("outsider", organisation=make.provider("Other Care"))
    with pytest.raises(PermissionDenied, match="lead provider"):
        services.submit_kpi_return(
            contract=contract, kpi=kpi, period=Q1_2024, value=95, by=outsider.user
        )
    assert not KpiReturn.objects.exists()
    breach = AuditEntry.objects.get(action="kpi_return.refused")
    assert breach.actor_id == outsider.user.pk
    assert breach.object_id == str(contract.pk)


def test_a_return_for_a_period_outside_the_contract_is_refused(setting):
    contract, kpi, provider, _ = setting
    before = periods.parse_period("2023/24 Q4")
    with pytest.raises(ValidationError) as refusal:
        services.submit_kpi_return(contract=contract, kpi=kpi, period=before, value=95,
                                   by=provider.user)  # fmt: skip
    assert "outside the contract's term" in refusal.value.message_dict["period"][0]
    assert not KpiReturn.objects.exists()


def test_a_return_for_a_period_not_yet_begun_is_refused(setting):
    contract, kpi, provider, _ = setting
    future = periods.containing(timezone.localdate() + timedelta(days=100), periods.QUARTER)
    with pytest.raises(ValidationError, match="has not begun"):
        services.submit_kpi_return(contract=contract, kpi=kpi, period=future, value=95,
                                   by=provider.user)  # fmt: skip


def test_a_second_return_for_the_same_kpi_and_period_is_refused_unless_the_first_was_returned(
    setting,
):
    contract, kpi, provider, by = setting
    first = services.submit_kpi_return(contract=contract, kpi=kpi, period=Q1_2024, value=95,
                                       by=provider.user)  # fmt: skip
    with pytest.raises(ValidationError, match="already been submitted"):
        services.submit_kpi_return(contract=contract, kpi=kpi, period=Q1_2024, value=96,
                                   by=provider.user)  # fmt: skip
    assert KpiReturn.objects.count() == 1
    services.return_kpi_return(kpi_return=first, reason="The denominator is missing", by=by.user)
    second = services.submit_kpi_return(contract=contract, kpi=kpi, period=Q1_2024, value=96,
                                        by=provider.user)  # fmt: skip
    assert second.status == "submitted"
    assert KpiReturn.objects.count() == 2


def test_a_kpi_of_another_specification_is_refused(setting):
    contract, _, provider, _ = setting
    other = make.contract().specification_version.kpis.get()
    with pytest.raises(ValidationError, match="not one of this contract's"):
        services.submit_kpi_return(contract=contract, kpi=other, period=Q1_2024, value=95,
                                   by=provider.user)  # fmt: skip


def test_a_validated_return_becomes_an_observation_of_the_provider(setting):
    contract, kpi, provider, by = setting
    kpi_return = services.submit_kpi_return(
        contract=contract, kpi=kpi, period=Q1_2024, numerator=92, denominator=100,
        by=provider.user,
    )  # fmt: skip
    services.validate_kpi_return(kpi_return=kpi_return, by=by.user)
    observation = Observation.objects.get(indicator=kpi.indicator)
    assert observation.subject.organisation == contract.lead_provider
    assert observation.period_start == date(2024, 4, 1)
    assert observation.value == pytest.approx(92.0)
    kpi_return.refresh_from_db()
    assert kpi_return.observation == observation
    assert kpi_return.status == "validated"


def test_only_a_commissioner_validates_and_a_return_is_decided_once(setting):
    contract, kpi, provider, by = setting
    kpi_return = services.submit_kpi_return(contract=contract, kpi=kpi, period=Q1_2024,
                                            value=95, by=provider.user)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.validate_kpi_return(kpi_return=kpi_return, by=provider.user)
    assert not Observation.objects.exists()
    with pytest.raises(ValidationError, match="Give the reason"):
        services.return_kpi_return(kpi_return=kpi_return, reason=" ", by=by.user)
    services.validate_kpi_return(kpi_return=kpi_return, by=by.user)
    with pytest.raises(ValidationError, match="already validated"):
        services.return_kpi_return(kpi_return=kpi_return, reason="Oops", by=by.user)


# Variations and extensions


def test_a_variation_changes_the_value_with_its_reason(setting):
    contract, _, _, by = setting
    services.record_variation(
        contract=contract, description="Two more care rounds a day", reason="Demand rose",
        varied_on=date(2025, 1, 1), value_change=Decimal("50000"), by=by.user,
    )  # fmt: skip
    contract.refresh_from_db()
    assert contract.value == Decimal("950000")


def test_a_variation_outside_the_term_changes_nothing(setting):
    contract, _, _, by = setting
    with pytest.raises(ValidationError) as refusal:
        services.record_variation(
            contract=contract, description="Late", reason="Late", varied_on=date(2030, 1, 1),
            value_change=Decimal("1"), by=by.user,
        )  # fmt: skip
    assert "varied_on" in refusal.value.message_dict
    assert not Variation.objects.exists()
    contract.refresh_from_db()
    assert contract.value == Decimal("900000")


def test_exercising_an_option_moves_the_end_and_declining_closes_later_ones():
    by = make.commissioner()
    contract = make.contract(
        by=by,
        options=[
            services.Option(12, date(2026, 9, 30)),
            services.Option(12, date(2027, 9, 30)),
            services.Option(12, date(2028, 9, 30)),
        ],
    )
    first, second, third = contract.options.all()
    with pytest.raises(ValidationError, match="in order"):
        services.decide_extension(option=second, exercise=True, reason="x", by=by.user)
    services.decide_extension(option=first, exercise=True, reason="Performing well", by=by.user,
                              decided_on=date(2026, 9, 1))  # fmt: skip
    contract.refresh_from_db()
    assert contract.ends_on == date(2028, 3, 31)
    assert contract.initial_ends_on == date(2027, 3, 31)
    services.decide_extension(option=second, exercise=False, reason="Re-procure", by=by.user,
                              decided_on=date(2026, 10, 1))  # fmt: skip
    third.refresh_from_db()
    assert third.decision == OptionDecision.DECLINED
    contract.refresh_from_db()
    assert contract.ends_on == date(2028, 3, 31)


def test_an_option_decided_after_the_previous_term_is_refused_when_made():
    with pytest.raises(ValidationError, match="Option 1 must be decided"):
        make.contract(options=[services.Option(24, date(2027, 6, 1))])


# Reminders


def test_reminders_are_sent_once_each_before_the_end_and_the_decision():
    by = make.commissioner()
    contract = make.contract(by=by, options=[services.Option(24, date(2026, 12, 31))])
    on = date(2026, 11, 1)  # 60 days before the decision, 150 before the end
    sent = services.send_contract_reminders(on=on)
    assert {(r.kind, r.about_on) for r in sent} == {
        ("end", contract.ends_on),
        ("extension_decision", date(2026, 12, 31)),
    }
    assert len(mail.outbox) == 2
    assert by.user.email in mail.outbox[0].to
    assert services.send_contract_reminders(on=on + timedelta(days=1)) == []
    assert ContractReminder.objects.count() == 2
    assert AuditEntry.objects.filter(action="contract.reminder_sent").count() == 2


def test_no_reminder_before_its_day():
    make.contract(options=[services.Option(24, date(2026, 12, 31))])
    assert services.send_contract_reminders(on=date(2026, 6, 1)) == []
    assert not mail.outbox


def test_after_an_extension_the_new_end_is_reminded_of():
    by = make.commissioner()
    contract = make.contract(by=by, options=[services.Option(24, date(2026, 12, 31))])
    services.send_contract_reminders(on=date(2026, 11, 1))
    option = contract.options.get()
    services.decide_extension(option=option, exercise=True, reason="Good", by=by.user,
                              decided_on=date(2026, 11, 2))  # fmt: skip
    contract.refresh_from_db()
    assert contract.ends_on == date(2029, 3, 31)
    sent = services.send_contract_reminders(on=date(2028, 10, 2))
    assert [(r.kind, r.about_on) for r in sent] == [("end", date(2029, 3, 31))]


def test_add_months_clamps_to_the_month_end():
    assert services.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert services.term_end(date(2024, 4, 1), 36) == date(2027, 3, 31)


def test_the_command_sends_the_reminders_due_and_refuses_a_bad_date():
    make.contract(options=[services.Option(24, date(2026, 12, 31))])
    out = StringIO()
    call_command("send_contract_reminders", "--on", "2026-11-01", stdout=out)
    assert "2 reminders sent." in out.getvalue()
    out = StringIO()
    call_command("send_contract_reminders", "--on", "2026-11-02", stdout=out)
    assert "0 reminders sent." in out.getvalue()
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_contract_reminders", "--on", "tomorrow")
