"""The Django admin for staff: partners and people, and a read-only view of the audit chain."""

from django.contrib import admin

from .models import (
    ApiToken,
    AuditEntry,
    Organisation,
    OrganisationCareSetting,
    Person,
    StaffRoleGrant,
)


class CareSettingInline(admin.TabularInline):
    model = OrganisationCareSetting
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size_band", "is_active", "visibility"]
    list_filter = ["kind", "size_band", "is_active", "visibility"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CareSettingInline]
    filter_horizontal = ["restricted_to"]


class StaffRoleInline(admin.TabularInline):
    model = StaffRoleGrant
    extra = 0
    readonly_fields = ["role", "granted_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Roles change through services.grant_staff_role so that every change is audited.
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "job_title", "visibility"]
    list_filter = ["organisation__kind", "visibility"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    list_select_related = ["user", "organisation"]
    inlines = [StaffRoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "person", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    list_select_related = ["person__user"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["object_id", "actor_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
