"""Forms of analyse and plan: a needs chapter and its evidence, a route decision with its
options appraisal, a service area's change of model, and a specification (or a new version of
one) with its outcomes and KPIs. The services check the rules; a refusal comes back beside the
field it names (`run_service`)."""

from django import forms

from joinedup.core.choices import Visibility
from joinedup.core.concurrency import VersionedForm
from joinedup.core.forms import run_service
from joinedup.governance.forms import DATE

from ..choices import CommissioningModel, Route
from ..services.plans import KpiIn, OptionIn

__all__ = ["run_service"]

TEXT = forms.Textarea(attrs={"rows": 3})
OPTION_ROWS = 3
KPI_ROWS = 4


class _Form(forms.Form):
    """A form whose 'required' messages say what to do with the field, GOV.UK style ('Enter
    the gap found', 'Choose the route chosen'), rather than Django's generic sentence."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.say_what_is_required()

    required_messages: dict[str, str] = {}

    def say_what_is_required(self):
        for name, field in self.fields.items():
            if name in self.required_messages:
                field.error_messages = {**field.error_messages,
                                        "required": self.required_messages[name]}  # fmt: skip
                continue
            choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
            label = str(field.label or "this").rstrip(".")
            label = label[0].lower() + label[1:] if label[:2] != label[:2].upper() else label
            verb = "Choose" if choosing else "Enter"
            field.error_messages = {**field.error_messages, "required": f"{verb} {label}"}


def _blank(choices, label):
    return [("", label), *choices]


class ChapterForm(_Form):
    required_messages = {"title": "Enter the chapter's title"}
    title = forms.CharField(max_length=200)
    summary = forms.CharField(label="What the assessment found", widget=TEXT, required=False)
    gap = forms.CharField(label="The gap found", widget=TEXT,
                          help_text="Between the need and what is provided now.")  # fmt: skip
    assessed_on = forms.DateField(label="Assessed on", widget=DATE, required=False)
    population_groups = forms.CharField(
        label="Population groups", required=False, max_length=500,
        help_text="Separated by commas, for example 'Older people, Carers'.",
    )  # fmt: skip
    visibility = forms.ChoiceField(
        choices=Visibility.choices[:2], initial=Visibility.PUBLIC, widget=forms.RadioSelect
    )

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        groups = data.pop("population_groups", "")
        data["population_groups"] = [g.strip() for g in groups.split(",") if g.strip()]
        return data


class EvidenceForm(_Form):
    dated = forms.DateField(label="Date of the evidence", widget=DATE)
    indicator = forms.ModelChoiceField(
        label="An outcomes indicator", queryset=None, required=False, to_field_name="code",
        empty_label="None: a document",
    )  # fmt: skip
    title = forms.CharField(label="Or a document: its title", max_length=300, required=False)
    url = forms.CharField(label="Link to the document", max_length=500, required=False,
                          help_text="Starting https://")  # fmt: skip
    file = forms.FileField(label="Or upload it", required=False, help_text="PDF, DOCX or XLSX.")
    note = forms.CharField(label="Note", widget=TEXT, required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code}: {i.name}"


class RouteDecisionForm(_Form):
    """The route chosen, the options appraisal (up to three options, each with pros and cons)
    and the governance decision that approved it."""

    route = forms.ChoiceField(label="Route chosen", choices=Route.choices, widget=forms.RadioSelect)
    service_area = forms.ModelChoiceField(
        label="Service area", queryset=None, required=False, to_field_name="slug",
        empty_label="The whole intention",
    )  # fmt: skip
    decision = forms.ModelChoiceField(
        label="Approved by the governance decision", queryset=None, to_field_name="reference",
        empty_label="Choose a decision",
    )  # fmt: skip
    rationale = forms.CharField(label="Why this option", widget=TEXT)
    beside = {"options": "option_1_route"}
    required_messages = {
        "route": "Choose the route the appraisal chose",
        "decision": "Choose the governance decision that approved the route",
        "rationale": "Say why this option was chosen",
        **{f"option_{n}_route": f"Choose the route of option {n}" for n in (1, 2)},
    }

    def __init__(self, *args, service_areas, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = service_areas
        self.fields["decision"].queryset = decisions
        for n in range(1, OPTION_ROWS + 1):
            required = n <= 2
            self.fields[f"option_{n}_route"] = forms.ChoiceField(
                label=f"Option {n}: route", required=required,
                choices=_blank(Route.choices, "Choose a route" if required else "No option"),
            )  # fmt: skip
            self.fields[f"option_{n}_pros"] = forms.CharField(
                label=f"Option {n}: pros", widget=TEXT, required=required
            )
            self.fields[f"option_{n}_cons"] = forms.CharField(
                label=f"Option {n}: cons", widget=TEXT, required=required
            )
        self.say_what_is_required()

    def service_data(self) -> dict:
        data = self.cleaned_data
        options = [
            OptionIn(data[f"option_{n}_route"], data[f"option_{n}_pros"], data[f"option_{n}_cons"])
            for n in range(1, OPTION_ROWS + 1)
        ]
        return {
            "route": data["route"], "service_area": data["service_area"],
            "decision": data["decision"], "rationale": data["rationale"], "options": options,
        }  # fmt: skip


class ModelChangeForm(VersionedForm, _Form):
    required_messages = {"to_model": "Choose the new commissioning model"}
    to_model = forms.ChoiceField(
        label="New commissioning model", choices=CommissioningModel.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    changed_on = forms.DateField(label="Changed on", widget=DATE)
    reason = forms.CharField(label="Reason for the change", widget=TEXT)

    @classmethod
    def initial_for(cls, area) -> dict:
        return {"to_model": area.model}


class _KpiFields(_Form):
    """The outcomes and KPI rows shared by a new specification and a new version."""

    outcomes = forms.CharField(
        label="Outcomes for Islanders", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One outcome on each line.",
    )  # fmt: skip
    beside = {"kpis": "kpi_1_indicator"}

    def _add_kpi_rows(self, indicators):
        for n in range(1, KPI_ROWS + 1):
            self.fields[f"kpi_{n}_indicator"] = forms.ModelChoiceField(
                label=f"KPI {n}: indicator", queryset=indicators, required=False,
                to_field_name="code", empty_label="No KPI",
            )  # fmt: skip
            self.fields[f"kpi_{n}_indicator"].label_from_instance = lambda i: f"{i.code}: {i.name}"
            self.fields[f"kpi_{n}_target"] = forms.FloatField(
                label=f"KPI {n}: target", required=False,
                help_text="A single target, or the lower end of a range.",
            )  # fmt: skip
            self.fields[f"kpi_{n}_target_upper"] = forms.FloatField(
                label=f"KPI {n}: upper end of the target range", required=False
            )

    def clean(self):
        data = super().clean()
        for n in range(1, KPI_ROWS + 1):
            indicator = data.get(f"kpi_{n}_indicator")
            if indicator is None and data.get(f"kpi_{n}_target") is not None:
                self.add_error(f"kpi_{n}_indicator", "Choose the indicator this target is for.")
        return data

    def kpis(self) -> list[KpiIn]:
        data = self.cleaned_data
        return [
            KpiIn(
                data[f"kpi_{n}_indicator"], data[f"kpi_{n}_target"], data[f"kpi_{n}_target_upper"]
            )  # fmt: skip
            for n in range(1, KPI_ROWS + 1)
            if data.get(f"kpi_{n}_indicator") is not None
        ]

    def outcome_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["outcomes"].splitlines()]


class SpecificationVersionForm(VersionedForm, _KpiFields):
    change_note = forms.CharField(label="What changed in this version", widget=TEXT)
    effective_from = forms.DateField(label="In force from", widget=DATE, required=False)
    service_description = forms.CharField(label="The service", widget=TEXT)
    population = forms.CharField(label="Who it is for", widget=TEXT, required=False)
    field_order = ["change_note", "effective_from", "service_description", "population"]

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_kpi_rows(indicators)
        self.say_what_is_required()

    @staticmethod
    def initial_from(version) -> dict:
        initial = {
            "service_description": version.service_description,
            "population": version.population,
            "effective_from": version.effective_from,
            "outcomes": "\n".join(o.text for o in version.outcomes.all()),
        }
        for n, kpi in enumerate(version.kpis.all(), start=1):
            if n <= KPI_ROWS:
                initial[f"kpi_{n}_indicator"] = kpi.indicator.code
                initial[f"kpi_{n}_target"] = kpi.target
                initial[f"kpi_{n}_target_upper"] = kpi.target_upper
        return initial

    @classmethod
    def initial_for(cls, version) -> dict:
        return cls.initial_from(version)

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "change_note": data["change_note"], "effective_from": data["effective_from"],
            "service_description": data["service_description"], "population": data["population"],
            "outcomes": self.outcome_lines(), "kpis": self.kpis(), "based_on": data["based_on"],
        }  # fmt: skip


class SpecificationForm(_KpiFields):
    required_messages = {"title": "Enter the specification's title"}
    title = forms.CharField(max_length=200)
    service_area = forms.ModelChoiceField(queryset=None, to_field_name="slug",
                                          empty_label="Choose a service area")  # fmt: skip
    intention = forms.ModelChoiceField(
        label="Commissioning intention", queryset=None, to_field_name="slug", required=False,
        empty_label="None",
    )  # fmt: skip
    service_description = forms.CharField(label="The service", widget=TEXT)
    population = forms.CharField(label="Who it is for", widget=TEXT, required=False)
    effective_from = forms.DateField(label="In force from", widget=DATE, required=False)
    field_order = ["title", "service_area", "intention", "service_description", "population",
                   "effective_from"]  # fmt: skip

    def __init__(self, *args, indicators, service_areas, intentions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = service_areas
        self.fields["intention"].queryset = intentions
        self._add_kpi_rows(indicators)
        self.say_what_is_required()

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"], "service_area": data["service_area"],
            "intention": data["intention"], "service_description": data["service_description"],
            "population": data["population"], "effective_from": data["effective_from"],
            "outcomes": self.outcome_lines(), "kpis": self.kpis(),
        }  # fmt: skip
