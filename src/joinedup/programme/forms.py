"""Forms of the monthly return, its attestation, a risk's reassessment, and the PMO's reports."""

from django import forms

from joinedup.core.concurrency import VersionedForm
from joinedup.core.forms import DATE, run_service

from .choices import THREE_POINT, AttestedPart, Confidence, Dimension, Rag, ReportKind
from .services import EXCEPTION_FIELDS, RETURN_TEXT_FIELDS

__all__ = ["run_service"]

TEXT = forms.Textarea(attrs={"rows": 3})


class ReturnForm(VersionedForm):
    """The standard monthly return: the same form for every project, whatever its partner."""

    confidence = forms.ChoiceField(label="Delivery confidence", widget=forms.RadioSelect)
    confidence_narrative = forms.CharField(label="Why this confidence", widget=TEXT)
    progress = forms.CharField(label="Progress against objectives", widget=TEXT)
    resources_used = forms.CharField(label="Resources used", widget=TEXT)
    spend_to_date = forms.DecimalField(
        label="Spend to date (£)", required=False, min_value=0, decimal_places=2
    )
    achievements = forms.CharField(label="Achievements this month", widget=TEXT, required=False)
    next_milestones = forms.CharField(label="Next milestones", widget=TEXT, required=False)
    decisions_needed = forms.CharField(label="Decisions needed", widget=TEXT, required=False)
    overall_status = forms.ChoiceField(
        label="Overall status",
        choices=[("", "The worst dimension (derived)"), *Rag.choices],
        required=False,
        help_text="Leave as derived unless you record a reason below.",
    )
    overall_override_reason = forms.CharField(
        label="Reason for a different overall status", widget=TEXT, required=False
    )
    cause = forms.CharField(label="Exception report: cause", widget=TEXT, required=False)
    consequences = forms.CharField(label="Consequences", widget=TEXT, required=False)
    options = forms.CharField(label="Options", widget=TEXT, required=False)
    recommendation = forms.CharField(label="Recommendation", widget=TEXT, required=False)

    def __init__(self, *args, five_point: bool = False, units: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        scale = Confidence.choices if five_point else [(c.value, c.label) for c in THREE_POINT]
        self.fields["confidence"].choices = scale
        for dimension in Dimension:
            self.fields[f"{dimension}_deviation"] = forms.DecimalField(
                label=f"{dimension.label}: forecast deviation ({(units or {})[dimension]})",
                decimal_places=2,
                help_text="Adverse deviation from plan; zero or negative when on or ahead of plan.",
            )
            self.fields[f"{dimension}_needs_action"] = forms.BooleanField(
                label="Within tolerance only with action", required=False
            )
            self.fields[f"{dimension}_commentary"] = forms.CharField(
                label="Commentary and path to green", widget=TEXT, required=False
            )

    def dimension_fields(self):
        return [
            (d, [self[f"{d}_deviation"], self[f"{d}_needs_action"], self[f"{d}_commentary"]])
            for d in Dimension
        ]

    @classmethod
    def initial_for(cls, draft) -> dict:
        return {field: getattr(draft, field) for field in RETURN_TEXT_FIELDS}

    def draft_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "confidence", "confidence_narrative", "progress", "resources_used",
                "spend_to_date", "achievements", "next_milestones", "decisions_needed",
                "overall_override_reason",
            )
        }  # fmt: skip

    def forecasts(self) -> dict:
        return {
            d: {
                "deviation": self.cleaned_data[f"{d}_deviation"],
                "needs_action": self.cleaned_data[f"{d}_needs_action"],
                "commentary": self.cleaned_data[f"{d}_commentary"],
            }
            for d in Dimension
        }

    def exception(self) -> dict:
        return {field: self.cleaned_data[field] for field in EXCEPTION_FIELDS}


class AttestationForm(forms.Form):
    part = forms.ChoiceField(choices=AttestedPart.choices, widget=forms.HiddenInput)
    statement = forms.CharField(
        label="Your statement", widget=TEXT, required=False,
        help_text="Anything the programme office should know about this part of the return.",
    )  # fmt: skip


SCORE = [(n, str(n)) for n in range(1, 6)]


class ReassessForm(VersionedForm):
    likelihood = forms.TypedChoiceField(
        choices=SCORE, coerce=int, help_text="1 rare, 2 unlikely, 3 possible, 4 likely, "
        "5 almost certain.",
    )  # fmt: skip
    consequence = forms.TypedChoiceField(
        choices=SCORE, coerce=int, help_text="1 negligible, 2 minor, 3 moderate, 4 major, "
        "5 catastrophic.",
    )  # fmt: skip
    note = forms.CharField(label="What has changed", widget=TEXT)
    review_on = forms.DateField(label="Next review", widget=DATE)

    @classmethod
    def initial_for(cls, risk) -> dict:
        return {"likelihood": risk.current_likelihood, "consequence": risk.current_consequence,
                "review_on": risk.review_on}  # fmt: skip


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=ReportKind.choices, widget=forms.RadioSelect)
    month = forms.DateField(
        label="Month reported on", widget=DATE, required=False,
        help_text="For the monthly report: any day of the month.",
    )  # fmt: skip
    tranche = forms.ModelChoiceField(queryset=None, required=False, empty_label="Not a tranche")
    title = forms.CharField(max_length=200)
    asks_of_board = forms.CharField(label="What the board is asked to do", widget=TEXT)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tranche"].queryset = programme.tranches.all()

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.MONTHLY and not data.get("month"):
            self.add_error("month", "Give the month the report covers.")
        if data.get("kind") == ReportKind.TRANCHE and not data.get("tranche"):
            self.add_error("tranche", "Choose the tranche the report covers.")
        return data


class AgreeForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=None, label="Agreed at the meeting", empty_label="Choose the meeting"
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = body.meetings.order_by("-starts_at")


class DependencyConfirmForm(forms.Form):
    committed_by = forms.DateField(label="We will deliver it by", widget=DATE)


class AskAnswerForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="Your organisation's answer", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Agreed"), ("no", "Declined")],
    )  # fmt: skip
    response = forms.CharField(label="What your organisation will do, or why not", widget=TEXT)
    on = forms.DateField(label="Decided on", widget=DATE)


class ChallengeReplyForm(forms.Form):
    reply = forms.CharField(label="The project's reply", widget=TEXT)
    on = forms.DateField(label="Replied on", widget=DATE)
