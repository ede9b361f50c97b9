"""The Django admin for staff: partners and people, and a read-only view of the audit chain.

Every change made here is audited like a change made through the product; staff roles and
superuser status change only through `services.grant_staff_role`, never in a form.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from . import audit, services
from .models import (
    ApiToken,
    AuditEntry,
    Organisation,
    OrganisationCareSetting,
    Person,
    StaffRoleGrant,
)


class AuditedAdmin(admin.ModelAdmin):
    """Records each add or change made in the admin in the audit chain."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = f"{obj._meta.model_name}.{'changed' if change else 'added'}_in_admin"
        audit.record(action=action, by=request.user, obj=obj, data={"fields": form.changed_data})

    def delete_model(self, request, obj):
        audit.record(action=f"{obj._meta.model_name}.deleted_in_admin", by=request.user, obj=obj)
        super().delete_model(request, obj)


class CareSettingInline(admin.TabularInline):
    model = OrganisationCareSetting
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
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
class PersonAdmin(AuditedAdmin):
    list_display = ["__str__", "organisation", "job_title", "visibility"]
    list_filter = ["organisation__kind", "visibility"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "job_title"]
    list_select_related = ["user", "organisation"]
    inlines = [StaffRoleInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "person", "created_at", "expires_at", "revoked_at"]
    list_select_related = ["person__user"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            services.revoke_api_token(token=token, by=request.user)


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


class JoinedUpUserAdmin(UserAdmin):
    """Accounts, with the permission fields read-only: roles change through audited services.

    Deactivating an account here signs it out everywhere and revokes its API tokens.
    """

    readonly_fields = ["is_staff", "is_superuser", "groups", "user_permissions", "last_login"]
    actions = ["sign_out_everywhere"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(
            action=f"user.{'changed' if change else 'added'}_in_admin",
            by=request.user,
            obj=obj,
            data={"fields": [f for f in form.changed_data if f != "password"]},
        )
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.end_access(user=obj, by=request.user)

    @admin.action(description="Sign the selected people out everywhere")
    def sign_out_everywhere(self, request, queryset):
        for user in queryset:
            services.sign_out_everywhere(user=user, by=request.user)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), JoinedUpUserAdmin)
