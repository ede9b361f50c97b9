"""Forms of the contracts register: its filters, the contract made from a final award, the
provider's KPI return, the commissioner's validation, and variations and extension decisions."""

from django import forms

from joinedup.core.choices import CareSetting
from joinedup.core.models import Organisation
from joinedup.governance.forms import DATE, run_service
from joinedup.outcomes import periods
from joinedup.outcomes.choices import Frequency

from ..choices import CommissioningModel, ContractStatus
from ..queries.contracts import RegisterFilters
from ..services.contracts import Option

__all__ = ["run_service"]

TEXT = forms.Textarea(attrs={"rows": 3})

# The period a KPI's return covers follows its indicator's frequency.
PERIOD_OF_FREQUENCY = {
    Frequency.WEEKLY: periods.WEEK,
    Frequency.MONTHLY: periods.MONTH,
    Frequency.QUARTERLY: periods.QUARTER,
    Frequency.ANNUAL_FINANCIAL: periods.FINANCIAL_YEAR,
    Frequency.ANNUAL_CALENDAR: periods.CALENDAR_YEAR,
}
PERIOD_EXAMPLES = {
    periods.WEEK: "2025-W14",
    periods.MONTH: "April 2025",
    periods.QUARTER: "2025/26 Q1 (April to June) or Q2 2025",
    periods.FINANCIAL_YEAR: "2025/26",
    periods.CALENDAR_YEAR: "2025",
}


def _any(choices, label: str):
    return [("", label), *choices]


class RegisterFilterForm(forms.Form):
    """The contracts register's filters (a GET form)."""

    model = forms.ChoiceField(
        label="Commissioning model",
        required=False,
        choices=_any(CommissioningModel.choices, "Any model"),
        error_messages={"invalid_choice": "Select a model from the list"},
    )
    care_setting = forms.ChoiceField(
        label="Care setting",
        required=False,
        choices=_any(CareSetting.choices, "Any care setting"),
        error_messages={"invalid_choice": "Select a care setting from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=_any(ContractStatus.choices, "Any status"),
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def filters(self) -> RegisterFilters:
        return RegisterFilters(**self.cleaned_data)


def period_type_of(kpi) -> str | None:
    return PERIOD_OF_FREQUENCY.get(kpi.indicator.frequency)


class KpiReturnForm(forms.Form):
    """The lead provider's figure for one KPI and one period."""

    kpi = forms.ChoiceField(label="KPI", error_messages={"required": "Choose the KPI"})
    period = forms.CharField(
        label="Period",
        max_length=40,
        help_text="For example 2025/26 Q1 for April to June 2025, or April 2025.",
        error_messages={"required": "Enter the period the figure is for"},
    )
    numerator = forms.FloatField(
        label="Numerator",
        required=False,
        help_text="For a proportion or rate: how many met the definition.",
    )
    denominator = forms.FloatField(
        label="Denominator", required=False, help_text="For a proportion or rate: out of how many."
    )
    value = forms.FloatField(
        label="Value", required=False, help_text="Or the figure itself, for a count or a mean."
    )
    commentary = forms.CharField(label="Commentary", widget=TEXT, required=False, max_length=5000)

    def __init__(self, *args, kpis, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = {str(kpi.pk): kpi for kpi in kpis}
        self.fields["kpi"].choices = [("", "Choose a KPI")] + [
            (str(kpi.pk), f"{kpi.indicator.name} (target {kpi.target_label})") for kpi in kpis
        ]

    def clean_kpi(self):
        kpi = self.kpis.get(self.cleaned_data["kpi"])
        if kpi is None:
            raise forms.ValidationError("Choose one of the contract's KPIs")
        return kpi

    def clean(self):
        data = super().clean()
        kpi, text = data.get("kpi"), data.get("period")
        if kpi is not None and text:
            kind = period_type_of(kpi)
            try:
                data["period"] = periods.parse_period(text, kind)
            except periods.PeriodError as problem:
                example = PERIOD_EXAMPLES.get(kind, "2025/26 Q1")
                self.add_error("period", f"{str(problem).capitalize()}: write it like {example}")
        if data.get("numerator") is None and data.get("value") is None:
            self.add_error("value", "Enter the value, or the numerator and denominator")
        return data


class ReviewForm(forms.Form):
    """The commissioner's decision on a KPI return."""

    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("validate", "Validate it"), ("return", "Return it to the provider")],
        error_messages={"required": "Choose whether to validate or return it"},
    )
    reason = forms.CharField(
        label="Reason for returning it",
        widget=TEXT,
        required=False,
        max_length=5000,
        help_text="Needed when you return it: what the provider should put right.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("reason", "").strip():
            self.add_error("reason", "Give the reason for returning it")
        return data


class ContractFromAwardForm(forms.Form):
    """The terms the award does not give: the contract's title, term and extension option."""

    title = forms.CharField(
        max_length=300, error_messages={"required": "Give the contract a title"}
    )
    starts_on = forms.DateField(
        label="Starts on", widget=DATE, error_messages={"required": "Enter the start date"}
    )
    initial_ends_on = forms.DateField(
        label="Initial term ends on", widget=DATE,
        error_messages={"required": "Enter the end of the initial term"},
    )  # fmt: skip
    option_months = forms.IntegerField(
        label="Extension option (months)", required=False, min_value=1, max_value=120,
        help_text="For 3 + 2, a 24-month option. Leave blank for none.",
    )  # fmt: skip
    option_decision_due_on = forms.DateField(
        label="The extension must be decided by", required=False, widget=DATE
    )

    def clean(self):
        data = super().clean()
        months, due = data.get("option_months"), data.get("option_decision_due_on")
        if months and not due:
            self.add_error("option_decision_due_on", "Enter when the extension must be decided")
        if due and not months:
            self.add_error("option_months", "Enter the length of the extension option")
        return data

    def options(self):
        months = self.cleaned_data.get("option_months")
        return [Option(months, self.cleaned_data["option_decision_due_on"])] if months else []


class VariationForm(forms.Form):
    varied_on = forms.DateField(
        label="Takes effect on", widget=DATE, error_messages={"required": "Enter the date"}
    )
    description = forms.CharField(
        label="What changed",
        widget=TEXT,
        max_length=5000,
        error_messages={"required": "Say what changed"},
    )
    value_change = forms.DecimalField(
        label="Change in value (£)",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="Negative for a reduction; leave blank if the value is unchanged.",
    )
    reason = forms.CharField(
        label="Reason",
        widget=TEXT,
        max_length=5000,
        error_messages={"required": "Give the reason for the variation"},
    )


class OptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("exercise", "Exercise the option"), ("decline", "Decline the option")],
        error_messages={"required": "Choose whether to exercise or decline the option"},
    )
    decided_on = forms.DateField(
        label="Decided on", widget=DATE, error_messages={"required": "Enter the date"}
    )
    reason = forms.CharField(
        label="Reason",
        widget=TEXT,
        max_length=5000,
        error_messages={"required": "Give the reason for the decision"},
    )


class MemberForm(forms.Form):
    """A partner joining a partnership agreement."""

    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that joins",
                        "invalid_choice": "Choose an organisation from the list"},
    )  # fmt: skip
    joined_on = forms.DateField(
        label="Joined on", widget=DATE, error_messages={"required": "Enter the date it joined"}
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        parties = contract.parties.values("organisation_id")
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(is_active=True).exclude(pk__in=parties).order_by("name")
        )


class OptOutForm(forms.Form):
    """A partnership member leaving the partnership."""

    on = forms.DateField(
        label="Opted out on", widget=DATE, error_messages={"required": "Enter the date"}
    )
    reason = forms.CharField(
        label="Reason",
        widget=TEXT,
        max_length=5000,
        error_messages={"required": "Give the reason the member opted out"},
    )
