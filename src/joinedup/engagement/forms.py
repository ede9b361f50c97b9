"""Forms of the engagement pages. The rules live in the services: a form shows the controls and
puts each refusal beside its field."""

from django import forms
from django.core.exceptions import ValidationError

from joinedup.core.forms import DATETIME

from .choices import STATEMENTS, AssuranceLevel, Audience, QuestionKind
from .models import Response

BLANK = [("", "Not ranked")]
AGREEMENT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
             "Strongly agree"]  # fmt: skip


class ResponseForm(forms.Form):
    """One field per question (a ranking question has one select per option); every field is
    optional here, so that a draft can be saved: required answers are checked on submit."""

    def __init__(self, data=None, *, questions, draft: Response | None = None):
        super().__init__(data, initial=_initial(draft) if draft else None)
        self.questions = questions
        self.rankings: dict = {}
        for question in questions:
            self._add(question)

    def _add(self, question) -> None:
        label = question.text if question.required else f"{question.text} (optional)"
        options = [(str(o.pk), o.label) for o in question.options.all()]
        name = f"q_{question.pk}"
        common = {"label": label, "help_text": question.hint, "required": False}
        if question.kind == QuestionKind.SINGLE:
            self.fields[name] = forms.ChoiceField(
                choices=options, widget=forms.RadioSelect, **common
            )
        elif question.kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        elif question.kind == QuestionKind.SCALE:
            self.fields[name] = forms.ChoiceField(
                choices=_scale(question), widget=forms.RadioSelect, **common
            )
        elif question.kind == QuestionKind.TEXT:
            self.fields[name] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 5}), strip=False, **common
            )
        else:
            ranks = BLANK + [(str(n), str(n)) for n in range(1, len(options) + 1)]
            names = []
            for pk, option_label in options:
                field_name = f"{name}_{pk}"
                self.fields[field_name] = forms.ChoiceField(
                    label=f"Rank for: {option_label}", choices=ranks, required=False
                )
                names.append(field_name)
            self.rankings[question.pk] = names

    def values(self) -> dict:
        """The answers as the service takes them: {question id: value}."""
        data = self.cleaned_data
        found = {}
        for question in self.questions:
            if question.kind == QuestionKind.RANKING:
                prefix = f"q_{question.pk}_"
                found[question.pk] = {
                    name.removeprefix(prefix): data.get(name) for name in self.rankings[question.pk]
                }
            else:
                found[question.pk] = data.get(f"q_{question.pk}")
        return found

    def refuse(self, error: ValidationError) -> None:
        """Put the service's refusal beside its fields (a ranking's beside its first select)."""
        for name, messages in error.message_dict.items():
            if name.startswith("q_") and name not in self.fields:
                pk = name.removeprefix("q_")
                name = next((n[0] for q, n in self.rankings.items() if str(q) == pk and n), None)
            for message in messages:
                self.add_error(name if name != "__all__" else None, message)

    def grouped(self):
        """(question, bound fields) in order, for the template."""
        for question in self.questions:
            names = self.rankings.get(question.pk) or [f"q_{question.pk}"]
            yield question, [self[name] for name in names]


def _scale(question) -> list[tuple[str, str]]:
    ends = (
        [part.strip() for part in question.scale_labels.split("|")] if question.scale_labels else []
    )
    values = range(question.scale_min, question.scale_max + 1)
    labels = {
        question.scale_min: ends[0] if ends else "",
        question.scale_max: ends[-1] if ends else "",
    }
    return [(str(v), f"{v} – {labels[v]}" if labels.get(v) else str(v)) for v in values]


def _initial(draft: Response) -> dict:
    initial = {}
    for answer in draft.answers.prefetch_related("choices").select_related("question"):
        name = f"q_{answer.question_id}"
        kind = answer.question.kind
        choices = list(answer.choices.all())
        if kind == QuestionKind.TEXT:
            initial[name] = answer.text
        elif kind == QuestionKind.SCALE:
            initial[name] = str(answer.value)
        elif kind == QuestionKind.SINGLE and choices:
            initial[name] = str(choices[0].option_id)
        elif kind == QuestionKind.MULTIPLE:
            initial[name] = [str(c.option_id) for c in choices]
        elif kind == QuestionKind.RANKING:
            for choice in choices:
                initial[f"{name}_{choice.option_id}"] = str(choice.rank)
    return initial


def refuse(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal beside the form's fields (others in the summary)."""
    for name, messages in error.message_dict.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class ThemeForm(forms.Form):
    name = forms.CharField(label="Theme", max_length=120)
    description = forms.CharField(
        label="What people said about it (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerThemesForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data=None, *, themes, prefix=None, initial=None):
        super().__init__(data, prefix=prefix, initial=initial)
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]


class LinkForm(forms.Form):
    record = forms.ChoiceField(
        label="What it informs",
        error_messages={"invalid_choice": "Select a record from the list", "required":
                        "Select what this informs"},
    )  # fmt: skip

    def __init__(self, data=None, *, choices):
        super().__init__(data)
        self.fields["record"].choices = [("", "Choose…"), *choices]


class YouSaidWeDidForm(forms.Form):
    you_said = forms.CharField(label="You said", widget=forms.Textarea(attrs={"rows": 3}))
    we_did = forms.CharField(label="We did", widget=forms.Textarea(attrs={"rows": 3}))
    led_to = forms.ChoiceField(
        label="The decision, action or recommendation it led to (optional)",
        required=False,
        error_messages={"invalid_choice": "Select a record from the list"},
    )
    publish = forms.BooleanField(label="Publish it on the “You said, we did” page", required=False)

    def __init__(self, data=None, *, choices, initial=None):
        super().__init__(data, initial=initial)
        self.fields["led_to"].choices = [("", "None"), *choices]


class PublishResultsForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the results",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What people said, in a few sentences. It is published with the results.",
    )


class StoryForm(forms.Form):
    title = forms.CharField(label="A short title for your story", max_length=150)
    story = forms.CharField(
        label="Your experience",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Up to 2,000 characters. Please do not include names, dates of birth or "
        "details of anyone's health conditions: we do not need them.",
    )
    service = forms.CharField(
        label="The service it is about (optional)", required=False, max_length=150
    )
    consent = forms.BooleanField(
        label="I agree that this story may be kept, read by the partnership and published "
        "without my name",
        required=False,
    )


class StaffStoryForm(StoryForm):
    projects = forms.MultipleChoiceField(
        label="Projects it informs", required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label="Themes", required=False, widget=forms.CheckboxSelectMultiple
    )
    publish = forms.BooleanField(label="Publish it now", required=False)

    def __init__(self, data=None, *, projects, themes=()):
        super().__init__(data)
        self.fields["consent"].label = "The person agreed that their story may be kept and shared"
        self.fields["projects"].choices = [(str(p.pk), str(p)) for p in projects]
        self.fields["themes"].choices = [(str(t.pk), t.name) for t in themes]
        if not themes:
            del self.fields["themes"]


class AssuranceForm(forms.Form):
    body = forms.ChoiceField(label="On behalf of")
    level = forms.ChoiceField(
        label="Was engagement with patients and carers sufficient?",
        choices=AssuranceLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether engagement was sufficient"},
    )
    evidence = forms.CharField(label="Evidence", widget=forms.Textarea(attrs={"rows": 4}))
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data=None, *, bodies):
        super().__init__(data)
        self.fields["body"].choices = [(str(b.pk), b.name) for b in bodies]


class SelfAssessmentForm(forms.Form):
    """A score from 1 (strongly disagree) to 5 (strongly agree) for every statement."""

    def __init__(self, data=None, *, initial=None):
        super().__init__(data, initial=initial)
        scores = list(enumerate(AGREEMENT, start=1))
        for code, _domain, statement in STATEMENTS:
            self.fields[f"s_{code}"] = forms.ChoiceField(
                label=statement,
                choices=[(str(n), label) for n, label in scores],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"c_{code}"] = forms.CharField(
                label="Comment (optional)", required=False, strip=False
            )

    def scores(self) -> tuple[dict, dict]:
        data = self.cleaned_data
        scores, comments = {}, {}
        for code, _domain, _statement in STATEMENTS:
            value = data.get(f"s_{code}")
            scores[code] = int(value) if value else None
            comments[code] = data.get(f"c_{code}", "")
        return scores, comments


QUESTION_FORMAT = (
    "One question a line: its kind (single, multiple, scale, text or ranking), required or "
    "optional, the question, then for choices and rankings the options, separated by "
    "semicolons. For example: single | required | Which body should decide? | The Board; "
    "The Minister"
)


class ConsultationForm(forms.Form):
    """An officer's new consultation, saved as a draft: its audience, dates and questions."""

    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the consultation a title"}
    )
    summary = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What it is about and what it will inform.",
        error_messages={"required": "Say what the consultation is about"},
    )  # fmt: skip
    audience = forms.ChoiceField(
        choices=Audience.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose who is consulted"},
    )  # fmt: skip
    body = forms.ModelChoiceField(
        queryset=None, required=False, label="Body (when its members are consulted)",
        empty_label="No body",
    )  # fmt: skip
    identified = forms.BooleanField(
        required=False,
        label="Identified: one response per signed-in person (names never published)",
    )
    opens_at = forms.DateTimeField(
        label="Opens", widget=DATETIME, error_messages={"required": "Enter when it opens"}
    )
    closes_at = forms.DateTimeField(
        label="Closes", widget=DATETIME, error_messages={"required": "Enter when it closes"}
    )
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000, help_text=QUESTION_FORMAT,
        error_messages={"required": "Add at least one question"},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        from joinedup.governance.models import Body

        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.order_by("name")

    def clean_questions(self) -> list[dict]:
        specs, problems = [], []
        for number, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            if not line.strip():
                continue
            spec, problem = _question(line)
            if problem:
                problems.append(f"Line {number}: {problem}")
            else:
                specs.append(spec)
        if problems:
            raise ValidationError(problems)
        if not specs:
            raise ValidationError("Add at least one question")
        return specs


def _question(line: str) -> tuple[dict | None, str | None]:
    parts = [part.strip() for part in line.split("|")]
    if len(parts) < 3:
        return None, "give the kind, required or optional, and the question, separated by |"
    kind, need, text, *rest = parts
    if kind not in QuestionKind.values:
        return None, f"'{kind}' is not a kind of question ({', '.join(QuestionKind.values)})"
    if need not in ("required", "optional"):
        return None, "say whether the question is required or optional"
    if not text or len(text) > 500:
        return None, "the question must have between 1 and 500 characters"
    options = [o.strip() for o in (rest[0] if rest else "").split(";") if o.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
        if len(options) < 2:
            return None, "a choice or ranking needs at least two options, separated by ;"
    elif options:
        return None, f"a {QuestionKind(kind).label.lower()} question takes no options"
    spec = {"kind": kind, "text": text, "required": need == "required"}
    if options:
        spec["options"] = options
    return spec, None
