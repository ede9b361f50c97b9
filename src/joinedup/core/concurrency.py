"""Edit conflicts: a save never silently overwrites what someone else saved in the meantime.

An edit form carries, in a hidden field, the version of the record the person started from: a
fingerprint of the record's stored values when the form was drawn. The service locks the
record, takes its fingerprint again and, if the two differ, refuses the save with
`EditConflict` and changes nothing. The form then keeps what the person typed, shows the other
person's version above it, and moves on to the new version, so that saving again is a choice
made having seen theirs. See docs/adr/0010-edit-conflicts.md.
"""

import hashlib
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .audit import canonical_json

VERSION_FIELD = "based_on"
NOT_YET_SAVED = "new"


def version_of(record: models.Model | None) -> str:
    """The fingerprint of a record's stored values (`NOT_YET_SAVED` for a record not yet made,
    such as the first draft of a meeting's minutes)."""
    if record is None:
        return NOT_YET_SAVED
    values = {f.attname: f.value_from_object(record) for f in record._meta.concrete_fields}
    return hashlib.sha256(canonical_json(values).encode()).hexdigest()[:32]


class EditConflict(ValidationError):
    """Someone else changed the record since this person opened it; nothing was saved."""

    def __init__(self, what: str, record: models.Model | None):
        super().__init__(
            f"Someone else changed {what} since you opened it; here is their version. Nothing "
            "of yours was saved: your changes are still in the form below, to save again if "
            "they should replace theirs."
        )
        self.record = record
        self.version = version_of(record)


def refuse_if_changed(record: models.Model | None, based_on: str | None, *, what: str) -> None:
    """Refuse a save made from a form drawn from another version of `record`. Call it inside
    the service's transaction with `record` freshly read under `select_for_update`. Without
    `based_on` (the API, imports, the demo) there is nothing to compare, and the save goes on."""
    if based_on and based_on != version_of(record):
        raise EditConflict(what, record)


class VersionedForm(forms.Form):
    """A form that edits an existing record: it carries the record's version, and after an
    `EditConflict` it shows the other person's version (`their_version`) above the form.

    A subclass says how a record fills it in, by `initial_for(record)`."""

    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    their_version: list[tuple[str, str]] = []

    @classmethod
    def initial_for(cls, record) -> dict:
        raise NotImplementedError

    @classmethod
    def initial_with_version(cls, record) -> dict:
        """What the form starts from: the record's values and its version."""
        initial = cls.initial_for(record) if record is not None else {}
        return {**initial, VERSION_FIELD: version_of(record)}

    def add_error(self, field, error):
        if isinstance(error, EditConflict):
            self._move_to_their_version(error)
        super().add_error(field, error)

    def _move_to_their_version(self, conflict: EditConflict) -> None:
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = conflict.version
        self.data = data
        theirs = self.initial_for(conflict.record) if conflict.record is not None else {}
        self.their_version = [
            (self.fields[name].label or name.replace("_", " ").capitalize(),
             _shown(self.fields[name], value))
            for name, value in theirs.items()
            if name in self.fields and name != VERSION_FIELD
        ]  # fmt: skip


def _shown(field: forms.Field, value) -> str:
    """A stored value as the person would read it in the form."""
    if value is None or value == "":
        return "(none)"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    choices = {str(key): label for key, label in getattr(field, "choices", ())}
    if isinstance(value, list | tuple | set):
        return ", ".join(str(choices.get(str(item), item)) for item in value)
    if str(value) in choices:
        return str(choices[str(value)])
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    return str(value)
