"""Forms of the core pages, and what every app's forms share: date inputs and `run_service`."""

import errno

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from .choices import CareSetting, OrganisationKind, SizeBand
from .queries import DirectoryFilters

DATE = forms.DateInput(
    attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
)
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
    format="%Y-%m-%dT%H:%M",
)


DISK_FULL = (
    "The server's disk is full; nothing was saved. Try again later, or tell the administrator."
)


def is_disk_full(error: Exception) -> bool:
    """Whether a write failed for want of space: in file storage, or in the database."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    text = str(error).lower()
    return isinstance(error, DatabaseError) and (
        "no space left on device" in text or "database or disk is full" in text
    )


def add_disk_full_error(form: forms.Form) -> None:
    """Say so beside the form's file field (or above the form if it has none)."""
    file_fields = [name for name, f in form.fields.items() if isinstance(f, forms.FileField)]
    form.add_error(file_fields[0] if file_fields else None, DISK_FULL)


def run_service(form: forms.Form, call):
    """Call a service; a refusal becomes an error on the form (beside its field if it names one;
    a form may map a service's name for a group of fields, such as `options`, to the field it
    shows it beside, in `beside`). A full disk is a refusal too: the service's transaction has
    rolled back, so nothing is kept."""
    try:
        return call()
    except ValidationError as refusal:
        if hasattr(refusal, "error_dict"):
            for field, errors in refusal.error_dict.items():
                field = getattr(form, "beside", {}).get(field, field)
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, refusal)
        return None
    except (OSError, DatabaseError) as error:
        if not is_disk_full(error):
            raise
        add_disk_full_error(form)
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
