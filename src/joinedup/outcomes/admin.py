"""The Django admin for analysts' reference data: themes, priority areas, subjects, indicators
and import mappings, every change audited. Figures and import batches are read-only here:
they change through imports and the services, so that each change is checked and audited."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from joinedup.core.admin import AuditedAdmin

from . import services
from .models import (
    ImportBatch,
    ImportMapping,
    Indicator,
    IndicatorVersion,
    Observation,
    Plan,
    PriorityArea,
    Subject,
    Theme,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin):
    list_display = ["code", "name", "weight", "position"]


@admin.register(PriorityArea)
class PriorityAreaAdmin(AuditedAdmin):
    list_display = ["code", "name", "theme", "weight", "position"]
    list_filter = ["theme"]
    list_select_related = ["theme"]


@admin.register(Subject)
class SubjectAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent", "organisation"]


class VersionInline(admin.TabularInline):
    model = IndicatorVersion
    extra = 0
    can_delete = False
    fields = ["version", "effective_from", "definition", "value_type", "multiplier", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    """Names, targets and grouping change here; a definition changes only through
    `services.revise_indicator`, which keeps the old version."""

    list_display = ["code", "name", "value_type", "polarity", "priority_area", "visibility"]
    list_filter = ["value_type", "polarity", "visibility", "priority_area"]
    search_fields = ["code", "name"]
    readonly_fields = ["version", *services.DEFINITION_FIELDS]
    filter_horizontal = ["restricted_to"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False


class ImportMappingForm(forms.ModelForm):
    class Meta:
        model = ImportMapping
        fields = ["name", "description", "spec"]

    def clean_spec(self):
        spec = self.cleaned_data["spec"]
        try:
            services.check_mapping_spec(spec)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None
        return spec


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    form = ImportMappingForm
    list_display = ["name", "description", "updated_at"]
    search_fields = ["name"]

    def get_readonly_fields(self, request, obj=None):
        return ["name"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = services.save_import_mapping(
            name=obj.name, spec=obj.spec, description=obj.description, by=request.user
        )
        obj.pk, obj._state.adding = saved.pk, False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "mapping", "started_at", "rows_read", "figures_new",
                    "figures_changed", "figures_unchanged", "by"]  # fmt: skip
    list_select_related = ["mapping", "by"]
    list_filter = ["mapping", "target", "synthetic"]
    search_fields = ["file_name", "sha256"]


class FigureAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "subject", "period_type", "period_start", "numerator",
                    "denominator", "value", "synthetic"]  # fmt: skip
    list_select_related = ["indicator", "subject"]
    list_filter = ["period_type", "synthetic"]
    search_fields = ["indicator__code", "subject__code"]
    show_full_result_count = False


admin.site.register(Observation, FigureAdmin)
admin.site.register(Plan, FigureAdmin)
