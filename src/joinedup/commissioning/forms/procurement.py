"""Forms of procurement: the commissioner's notice, documents, timetable, answers, evaluators,
moderation and award; a partner's question and bid; an evaluator's declaration and scores."""

from django import forms

from joinedup.core.concurrency import VersionedForm
from joinedup.core.forms import DATETIME, run_service
from joinedup.core.models import Organisation, Person

from ..models import Bid, ContractingProcess, ServiceArea, Specification
from ..services.procurement import BID_SECTIONS, MAX_SCORE, MIN_STANDSTILL_DAYS, value_band

__all__ = ["run_service"]

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class NoticeForm(forms.Form):
    title = forms.CharField(max_length=300)
    description = forms.CharField(
        label="What is being bought", widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000
    )
    service_area = forms.ModelChoiceField(
        queryset=ServiceArea.objects.order_by("name"),
        empty_label="Choose a service area",
        error_messages={"required": "Choose the service area", "invalid_choice": "Choose a "
                        "service area from the list"},
    )  # fmt: skip
    specification = forms.ModelChoiceField(
        queryset=Specification.objects.order_by("title"),
        required=False,
        empty_label="No specification yet",
        label="Service specification",
    )
    estimated_value = forms.DecimalField(
        label="Estimated value, in pounds", min_value=0, max_digits=14, decimal_places=2,
        help_text="Over the initial term. It sets how much a bid must say.",
    )  # fmt: skip
    suitable_for_small = forms.BooleanField(label="Suitable for small providers", required=False)
    suitable_for_voluntary = forms.BooleanField(
        label="Suitable for voluntary-sector providers", required=False
    )
    lots = forms.CharField(
        label="Lots", required=False, widget=TEXTAREA, max_length=5000,
        help_text="One lot per line. Leave empty for a single lot.",
    )  # fmt: skip
    criteria = forms.CharField(
        label="Award criteria and weights", widget=TEXTAREA, max_length=5000,
        help_text="One criterion per line, as 'name | weight'. The weights must add up to 100.",
    )  # fmt: skip
    clarification_deadline = forms.DateTimeField(label="Clarification deadline", widget=DATETIME)
    submission_deadline = forms.DateTimeField(label="Submission deadline", widget=DATETIME)
    evaluation_ends_at = forms.DateTimeField(label="Evaluation ends", widget=DATETIME)
    award_planned_at = forms.DateTimeField(label="Award date", widget=DATETIME)
    standstill_planned_end = forms.DateTimeField(label="Standstill ends", widget=DATETIME)

    def clean_criteria(self):
        parsed = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, bar, weight = line.rpartition("|")
            if not bar or not name.strip():
                raise forms.ValidationError(f"Line {number}: write 'name | weight'.")
            try:
                parsed.append((name.strip(), int(weight.strip()), ""))
            except ValueError as exc:
                raise forms.ValidationError(
                    f"Line {number}: the weight must be a whole number."
                ) from exc
        return parsed

    def clean_lots(self):
        return [line.strip() for line in self.cleaned_data["lots"].splitlines() if line.strip()]


class DocumentForm(forms.Form):
    title = forms.CharField(label="Document title", max_length=200)
    file = forms.FileField(
        label="File", required=False, help_text="A PDF, DOCX or XLSX file, or give a link instead."
    )
    url = forms.URLField(label="Or a link", required=False, assume_scheme="https")


class TimetableForm(VersionedForm):
    submission_deadline = forms.DateTimeField(label="New submission deadline", widget=DATETIME)
    reason = forms.CharField(label="Why it changes", max_length=1000, widget=TEXTAREA)

    @classmethod
    def initial_for(cls, process) -> dict:
        return {"submission_deadline": process.submission_deadline}


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Your question", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text="The question and its answer are published for every bidder; who asked is not.",
    )  # fmt: skip


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Answer", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000,
        help_text="Published with the question, for everyone to read.",
    )  # fmt: skip


class AppointEvaluatorForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Evaluator", queryset=Person.objects.none(), empty_label="Choose a person",
        error_messages={"required": "Choose the evaluator"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(user__is_active=True).select_related("user", "organisation")
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.name}, {p.organisation}" if p.organisation else p.name
        )


SECTION_LABELS = {
    "organisation_summary": ("About your organisation", "From your organisation's profile."),
    "approach": ("How you will deliver the service", ""),
    "experience": ("Your experience of similar services", ""),
    "social_value": ("Social value", "What else Islanders gain: local jobs, volunteering."),
    "quality_and_safeguarding": ("Quality and safeguarding", "Registration, policies, training."),
    "financial_standing": ("Financial standing", "Turnover, reserves, insurance."),
}


class BidForm(forms.Form):
    """A bid, pre-filled from the organisation's profile and the person; it asks only the
    sections the contract's value calls for."""

    lot = forms.ModelChoiceField(queryset=None, empty_label=None, label="Lot")
    members = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label="Consortium members",
        help_text="Bidding as the lead of a consortium? Choose its other members.",
    )  # fmt: skip
    contact_name = forms.CharField(label="Contact name", max_length=200)
    contact_email = forms.EmailField(label="Contact email")
    price = forms.DecimalField(
        label="Price, in pounds", min_value=0, max_digits=14, decimal_places=2,
        help_text="Over the initial term.",
    )  # fmt: skip

    def __init__(self, *args, process: ContractingProcess, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.band = value_band(process.estimated_value)
        self.fields["lot"].queryset = process.lots.all()
        self.fields["members"].queryset = (
            Organisation.objects.active()
            .exclude(pk=organisation.pk)
            .filter(kind__in=["voluntary_and_community", "social_enterprise", "private_provider"])
        )
        for name in BID_SECTIONS:
            if name in self.band.sections:
                label, hint = SECTION_LABELS[name]
                self.fields[name] = forms.CharField(
                    label=label, help_text=hint, widget=TEXTAREA, max_length=5000
                )
        self.fields["price"] = self.fields.pop("price")  # the price comes last

    @staticmethod
    def prefill(organisation: Organisation, person) -> dict:
        """What the organisation's profile and the person already say."""
        return {
            "organisation_summary": organisation.description,
            "contact_name": person.name,
            "contact_email": person.email or organisation.contact_email,
        }


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this tender or any bidder?",
        choices=[("no", "No, I have no conflict of interest"), ("yes", "Yes, I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you have a conflict of interest"},
    )
    conflict = forms.CharField(
        label="The conflict, if you have one", required=False, widget=TEXTAREA, max_length=2000
    )


def _marks_form(criteria, text_name: str, text_label: str, initial: dict | None = None):
    """A score (0 to 10) and a text for each criterion, as fields `score_<id>`, `<text>_<id>`."""
    choices = [("", "Choose a score")] + [(n, str(n)) for n in range(MAX_SCORE + 1)]

    class MarksForm(forms.Form):
        def marks(self) -> dict:
            return {
                c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"{text_name}_{c.pk}"])
                for c in criteria
            }

    form_fields = {}
    for criterion in criteria:
        form_fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
            label=f"{criterion.name} ({criterion.weight}%): score", choices=choices, coerce=int,
            error_messages={"required": f"Choose a score for '{criterion.name}'"},
        )  # fmt: skip
        form_fields[f"{text_name}_{criterion.pk}"] = forms.CharField(
            label=f"{criterion.name}: {text_label}", widget=TEXTAREA, max_length=5000,
            error_messages={"required": f"Give the {text_label.lower()} for '{criterion.name}'"},
        )  # fmt: skip
    return type("MarksForm", (MarksForm,), form_fields)


def score_form(criteria, data=None, initial=None):
    return _marks_form(criteria, "rationale", "Rationale")(data, initial=initial)


def moderation_form(criteria, data=None, initial=None):
    return _marks_form(criteria, "reason", "Reason for the moderated score")(data, initial=initial)


class AwardForm(forms.Form):
    bid = forms.ModelChoiceField(queryset=None, empty_label=None, label="Winning bid")
    standstill_days = forms.IntegerField(
        label="Standstill period, in days", min_value=1, initial=MIN_STANDSTILL_DAYS,
        help_text=f"At least {MIN_STANDSTILL_DAYS} days, in which unsuccessful bidders may "
        "challenge the decision.",
    )  # fmt: skip

    def __init__(self, *args, bids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].queryset = Bid.objects.filter(pk__in=[b.pk for b in bids])
        totals = {b.pk: b.total for b in bids}
        self.fields["bid"].label_from_instance = lambda b: (
            f"{b.lead}: {totals.get(b.pk)} out of 100"
        )
