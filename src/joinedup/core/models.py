"""Partners, people, staff roles, API tokens and the audit chain."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse

from .audit_models import AuditEntry, AuditHead
from .choices import CareSetting, OrganisationKind, SizeBand, StaffRole
from .visibility import Visible, VisibleQuerySet

__all__ = [
    "AuditEntry",
    "AuditHead",
    "ApiToken",
    "Organisation",
    "OrganisationCareSetting",
    "Person",
    "StaffRoleGrant",
]


class OrganisationQuerySet(VisibleQuerySet):
    def active(self):
        return self.filter(is_active=True)


class Organisation(Visible):
    """A sovereign member of the partnership: a department, health service, charity or care home.

    Contact details are partnership-only, whatever the record's own visibility.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices, db_index=True)
    size_band = models.CharField(max_length=16, choices=SizeBand.choices, db_index=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    partnership_signed_on = models.DateField(
        null=True, blank=True, help_text="When it signed the partnership of purpose."
    )
    is_active = models.BooleanField(default=True, db_index=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    synthetic_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields whose values were generated for the demo, not taken from a source.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        indexes = [
            models.Index(F("is_active"), Lower("name"), name="org_active_lower_name"),
            # The public directory walks public organisations in name order, skipping inactive
            # ones, and stops after a page: no sort of every row. With is_active in the index,
            # counting them reads the index alone.
            models.Index(F("visibility"), Lower("name"), F("is_active"), name="org_visible_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation_detail", kwargs={"slug": self.slug})

    def is_synthetic(self, field: str) -> bool:
        """Whether the demo generated this field's value rather than taking it from a source."""
        return field in self.synthetic_fields


class OrganisationCareSetting(models.Model):
    """One care setting an organisation serves (prevention, acute, home care, …)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="care_settings"
    )
    setting = models.CharField(max_length=32, choices=CareSetting.choices)

    class Meta:
        ordering = ["setting"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "setting"], name="org_setting_unique")
        ]
        indexes = [models.Index(fields=["setting", "organisation"], name="setting_org")]

    def __str__(self) -> str:
        return self.get_setting_display()


class Person(Visible):
    """Someone who works in the partnership: a user account's public profile.

    Name, job title and organisation follow the record's visibility; email and phone are
    partnership-only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def email(self) -> str:
        return self.user.email


class StaffRoleGrant(models.Model):
    """A staff role held by a person: admin, PMO, board secretary, commissioner or analyst."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(max_length=16, choices=StaffRole.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="person_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class ApiToken(models.Model):
    """A personal token for the API. Only its SHA-256 digest is stored; revocable and expiring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to tell it.")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignIn(models.Model):
    """One signed-in browser session of an account, as its owner sees it on "Your account".

    Django keeps the session itself; this row names it (by its session key) so that the person,
    or an admin, can end it. A session whose row is gone is signed out on its next request.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=200, blank=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} since {self.signed_in_at:%Y-%m-%d %H:%M}"
