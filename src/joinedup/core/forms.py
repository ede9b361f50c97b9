"""Forms of the core pages, and what every app's forms share: date inputs and `run_service`."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .choices import CareSetting, OrganisationKind, SizeBand
from .queries import DirectoryFilters

DATE = forms.DateInput(
    attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
)
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
    format="%Y-%m-%dT%H:%M",
)


def run_service(form: forms.Form, call):
    """Call a service; a refusal becomes an error on the form (beside its field if it names one)."""
    try:
        return call()
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            for field, errors in refusal.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, refusal)
        return None


def _optional(choices, blank_label: str):
    return [("", blank_label), *choices]


class DirectoryFilterForm(forms.Form):
    """The partners directory's search box and filters (a GET form)."""

    q = forms.CharField(label="Name", required=False, max_length=100, strip=True)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=_optional(OrganisationKind.choices, "Any kind"),
        error_messages={"invalid_choice": "Select a kind from the list"},
    )
    size_band = forms.ChoiceField(
        label="Size",
        required=False,
        choices=_optional(SizeBand.choices, "Any size"),
        error_messages={"invalid_choice": "Select a size from the list"},
    )
    care_setting = forms.ChoiceField(
        label="Care setting",
        required=False,
        choices=_optional(CareSetting.choices, "Any care setting"),
        error_messages={"invalid_choice": "Select a care setting from the list"},
    )

    def filters(self) -> DirectoryFilters:
        return DirectoryFilters(**self.cleaned_data)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example, 'Monthly dashboard extract'.",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (365, "One year")],
        initial=90,
    )


class SignInForm(AuthenticationForm):
    username = forms.CharField(label="Username", max_length=150)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active.",
    }


def posted(request):
    """The form data of a POST, even an empty one, so that a form sent blank is bound and says
    what is missing; None for a GET."""
    return request.POST if request.method == "POST" else None
