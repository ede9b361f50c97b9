"""The analyst's forms: a rating scheme (how each comparison scores, and the bands of mean score
with their ratings, the rules themselves checked by `services.save_rating_scheme`) and the upload
of a file of figures through a saved mapping (checked by `services.import_observations`)."""

from django import forms

from joinedup.core.concurrency import VersionedForm

from .methods import Comparison
from .models import ImportMapping, RatingScheme
from .services import BAND_RATINGS, SCORED_COMPARISONS

MAX_BANDS = 6
SCORE_LABELS = {
    Comparison.BEST: "Best (better than the benchmark at 99.8%)",
    Comparison.BETTER: "Better than the benchmark",
    Comparison.SIMILAR: "Similar to the benchmark",
    Comparison.WORSE: "Worse than the benchmark",
    Comparison.WORST: "Worst (worse than the benchmark at 99.8%)",
    Comparison.HIGHER: "Higher (no judgement)",
    Comparison.LOWER: "Lower (no judgement)",
}
RATING_CHOICES = [("", "No band")] + [
    (rating.value, rating.value.replace("_", " ").capitalize()) for rating in BAND_RATINGS
]


def score_field(comparison: Comparison) -> str:
    return f"score_{comparison.value}"


def rating_field(band: int) -> str:
    return f"band_{band}"


class RatingSchemeForm(VersionedForm):
    name = forms.CharField(max_length=100, error_messages={"required": "Give the scheme a name"})
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    comparison = forms.ChoiceField(
        label="Compare each indicator's latest figure",
        choices=RatingScheme.ComparisonKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how each indicator's latest figure is compared"},
    )
    edges = forms.CharField(
        label="Band edges",
        max_length=200,
        required=False,
        help_text="The mean scores where one band ends and the next begins, rising, separated "
        "by commas: for example 1.5, 2.5, 3.5 makes four bands.",
    )
    is_default = forms.BooleanField(
        label="Use this scheme on the dashboards (the default)", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for comparison in SCORED_COMPARISONS:
            self.fields[score_field(comparison)] = forms.FloatField(
                label=SCORE_LABELS[comparison], required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )  # fmt: skip
        for band in range(1, MAX_BANDS + 1):
            self.fields[rating_field(band)] = forms.ChoiceField(
                label=f"Rating of band {band}", choices=RATING_CHOICES, required=False
            )

    def score_fields(self):
        return [self[score_field(c)] for c in SCORED_COMPARISONS]

    def band_fields(self):
        return [self[rating_field(band)] for band in range(1, MAX_BANDS + 1)]

    def clean_edges(self) -> list[float]:
        text = self.cleaned_data["edges"].strip()
        if not text:
            return []
        try:
            return [float(part) for part in text.split(",")]
        except ValueError:
            raise forms.ValidationError(
                "Give the band edges as numbers separated by commas, such as 1.5, 2.5, 3.5."
            ) from None

    def rule_arguments(self) -> dict:
        """The cleaned form as the service's arguments: scores given, bands chosen in order."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "comparison": data["comparison"],
            "is_default": data["is_default"],
            "based_on": data["based_on"],
            "edges": data["edges"],
            "scores": {
                c.value: data[score_field(c)]
                for c in SCORED_COMPARISONS
                if data[score_field(c)] is not None
            },
            "ratings": [
                data[rating_field(band)]
                for band in range(1, MAX_BANDS + 1)
                if data[rating_field(band)]
            ],
        }

    # The service names `scores` and `ratings`: show its refusal beside the first such field.
    service_fields = {
        "scores": score_field(SCORED_COMPARISONS[0]),
        "ratings": rating_field(1),
    }

    @classmethod
    def initial_for(cls, scheme: RatingScheme) -> dict:
        initial = {
            "name": scheme.name,
            "description": scheme.description,
            "comparison": scheme.comparison,
            "is_default": scheme.is_default,
            "edges": ", ".join(f"{edge:g}" for edge in scheme.edges),
        }
        initial |= {f"score_{label}": score for label, score in scheme.scores.items()}
        initial |= {rating_field(n): r for n, r in enumerate(scheme.ratings, start=1)}
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File of figures",
        help_text="CSV or Excel (.xlsx). The whole file is checked first: if any line has a "
        "problem, nothing is imported and every problem is listed by line.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    mapping = forms.ModelChoiceField(
        label="Mapping",
        queryset=ImportMapping.objects.order_by("name"),
        to_field_name="name",
        empty_label="Choose the saved mapping that reads this file",
        help_text="Which columns give the subject, the period and the figures.",
    )
    create_subjects = forms.BooleanField(
        label="Create the subject codes that are not known yet, as areas", required=False
    )
