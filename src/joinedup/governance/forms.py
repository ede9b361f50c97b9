"""Forms of the secretary's workflow, a partner's response to a recommendation, the response to
an escalation, the work plan, a member's register of interests and an action's completion."""

from django import forms
from django.db.models import Q

from joinedup.core.concurrency import VersionedForm
from joinedup.core.forms import DATE, DATETIME, run_service
from joinedup.core.models import Organisation

from .choices import (
    AttendanceStatus,
    DeclarationConsequence,
    InterestKind,
    ItemCategory,
    ItemPurpose,
    MeetingStatus,
    ReachedBy,
    ResponseStatus,
)
from .models import AgendaItem, Meeting, Minutes, Paper, TermsOfReference

__all__ = ["DATE", "DATETIME", "run_service"]  # shared with the forms of other apps


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=200)
    starts_at = forms.DateTimeField(label="Starts", widget=DATETIME)
    ends_at = forms.DateTimeField(label="Ends", widget=DATETIME)
    location = forms.CharField(max_length=200, required=False, help_text="Or 'Online'.")
    board_number = forms.TypedChoiceField(
        label="Agenda from the work plan",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="The planned items of that board become the agenda.",
    )

    def __init__(self, *args, board_numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board_number"].choices = [("", "No planned items")] + [
            (n, f"Board {n}") for n in board_numbers
        ]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The meeting must end after it starts.")
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    category = forms.ChoiceField(choices=ItemCategory.choices)
    purpose = forms.ChoiceField(choices=ItemPurpose.choices)
    presenter = forms.ModelChoiceField(queryset=None, required=False, empty_label="No presenter")
    is_confidential = forms.BooleanField(label="Part B: confidential business", required=False)
    exemption_reason = forms.CharField(
        max_length=300, required=False, help_text="Required for Part B: why it is not published."
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people


class PaperForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    title = forms.CharField(max_length=200)
    file = forms.FileField(help_text="PDF, DOCX or XLSX, smaller than 20 MB.")
    is_confidential = forms.BooleanField(label="Confidential paper", required=False)
    exemption_reason = forms.CharField(max_length=300, required=False)
    release_on = forms.DateField(
        label="Release date", required=False, widget=DATE, help_text="When it will be published."
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()


class MoveMeetingForm(forms.Form):
    to = forms.ChoiceField(choices=MeetingStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=300, required=False)


class AttendanceForm(forms.Form):
    """One status per member of the body, named by the membership's person id."""

    def __init__(self, *args, meeting: Meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        recorded = dict(meeting.attendance.values_list("person_id", "status"))
        for person in self.people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=[("", "Not recorded"), *AttendanceStatus.choices],
                required=False,
                initial=recorded.get(person.pk, ""),
            )

    def statuses(self):
        for person in self.people:
            status = self.cleaned_data.get(f"person_{person.pk}")
            if status:
                yield person, status


class DeclarationForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    person = forms.ModelChoiceField(queryset=None, label="Who declared")
    description = forms.CharField(max_length=300, label="The interest")
    consequence = forms.ChoiceField(choices=DeclarationConsequence.choices)

    def __init__(self, *args, meeting: Meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["person"].queryset = people


class RecommendationForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label="The recommendation")
    reached_by = forms.ChoiceField(choices=ReachedBy.choices, label="How it was reached")
    dissent = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    addressed_to = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        label="Addressed to",
        help_text="The sovereign organisations that will each respond in their own right.",
    )
    committees_in_common = forms.BooleanField(
        required=False, label="Committees in common: each partner's committee resolves this item"
    )
    response_due = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()


class DecisionForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    title = forms.CharField(max_length=200)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="The decision")
    basis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="The papers and evidence it rests on."
    )
    concerns = forms.MultipleChoiceField(
        required=False,
        label="What it concerns",
        widget=forms.CheckboxSelectMultiple,
        help_text="The projects, risks and indicators the decision is about.",
    )

    def __init__(self, *args, meeting: Meeting, concern_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["concerns"].choices = concern_choices


class ActionForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label="Agenda item", required=False
    )
    title = forms.CharField(max_length=300, label="Action")
    owner = forms.ModelChoiceField(queryset=None)
    due_on = forms.DateField(label="Due", widget=DATE)

    def __init__(self, *args, meeting: Meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["owner"].queryset = people


class MinutesForm(VersionedForm):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}), label="Minutes", help_text="Markdown."
    )

    @classmethod
    def initial_for(cls, minutes) -> dict:
        return {"text": minutes.text}


class ApproveMinutesForm(forms.Form):
    minutes = forms.ModelChoiceField(
        queryset=Minutes.objects.none(), label="Minutes to approve at this meeting"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].queryset = Minutes.objects.filter(
            meeting__body=meeting.body, approved_at__isnull=True
        ).exclude(meeting=meeting)


class ResponseForm(forms.Form):
    status = forms.ChoiceField(choices=ResponseStatus.choices, widget=forms.RadioSelect)
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    decided_by = forms.CharField(max_length=200, help_text="For example, 'Board of trustees'.")
    authority = forms.CharField(
        max_length=200, help_text="For example, 'Scheme of delegation, section 4'."
    )
    decided_on = forms.DateField(widget=DATE, label="Date of the decision")
    minutes_url = forms.URLField(
        required=False, label="Link to your minutes", assume_scheme="https"
    )


class EscalationForm(forms.Form):
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label="Agenda item", required=False,
        empty_label="Not about one item", help_text="From a Part B item, the escalation is Part B.",
    )  # fmt: skip
    subject = forms.CharField(max_length=300)
    detail = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="What is the matter")
    decision_requested = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Decision requested"
    )
    due_by = forms.DateField(label="Response due by", widget=DATE)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()


class ReExemptPaperForm(forms.Form):
    """Keep a confidential paper back past its release date, for a recorded reason."""

    paper = forms.ModelChoiceField(queryset=Paper.objects.none(), label="Confidential paper")
    reason = forms.CharField(max_length=300, label="Why it stays confidential")
    release_on = forms.DateField(label="New release date", widget=DATE)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["paper"]
        field.queryset = Paper.objects.filter(
            item__meeting=meeting, is_confidential=True, release_on__isnull=False
        ).order_by("release_on", "title")
        field.label_from_instance = lambda p: (
            f"{p.title} (release date {p.release_on.day} {p.release_on:%B %Y})"
        )


class ApproveTermsForm(forms.Form):
    terms = forms.ModelChoiceField(
        queryset=TermsOfReference.objects.none(), label="Terms of reference to approve"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["terms"]
        field.queryset = (
            TermsOfReference.objects.filter(
                Q(body=meeting.body) | Q(body__reports_to=meeting.body), approved_at__isnull=True
            )
            .select_related("body")
            .order_by("body__name", "version")
        )
        field.label_from_instance = lambda t: f"{t.body.name}, version {t.version}"


class EscalationResponseForm(forms.Form):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    responded_on = forms.DateField(label="Date of the response", widget=DATE)
    resolution = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="Only when the matter is settled: how it was resolved. It closes the escalation.",
    )  # fmt: skip
    resolved_on = forms.DateField(label="Date resolved", required=False, widget=DATE)


class PlanItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    category = forms.ChoiceField(choices=ItemCategory.choices)
    purpose = forms.ChoiceField(choices=ItemPurpose.choices)
    board_number = forms.IntegerField(
        label="Board number", min_value=1,
        help_text="Which meeting of the work plan it is for: 1 for Board 1, and so on.",
    )  # fmt: skip


class InterestForm(forms.Form):
    kind = forms.ChoiceField(choices=InterestKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        max_length=300, label="The interest", help_text="For example, 'Trustee of Mind Jersey'."
    )
    starts_on = forms.DateField(label="From", widget=DATE)
    ends_on = forms.DateField(
        label="To", required=False, widget=DATE, help_text="Leave empty while it continues."
    )


class CompleteActionForm(forms.Form):
    completed_on = forms.DateField(label="Date it was done", widget=DATE)
