"""The admin where engagement officers set up consultations and their questions, and the
self-assessment's rounds. Every change is audited. Once a consultation has responses its
questions and options are frozen here, so that no answer is left pointing at a changed
question. Responses, themes, stories and assurance change only through the product."""

from django.contrib import admin

from joinedup.core.admin import AuditedAdmin

from .models import AssessmentRound, Consultation, Option, Question
from .services import AUDIENCE_VISIBILITY


def _answered(consultation) -> bool:
    return consultation is not None and consultation.responses.exists()


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return not _answered(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _answered(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _answered(obj) and super().has_add_permission(request, obj)


@admin.register(Consultation)
class ConsultationAdmin(AuditedAdmin):
    list_display = ["title", "audience", "identified", "opens_at", "closes_at", "published_at"]
    list_filter = ["audience", "identified"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["visibility", "results_published_at"]
    exclude = ["restricted_to", "created_by"]
    inlines = [QuestionInline]

    def save_model(self, request, obj, form, change):
        # Who may see a consultation follows its audience, never a separate choice.
        obj.visibility = AUDIENCE_VISIBILITY[obj.audience]
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class OptionInline(admin.TabularInline):
    model = Option
    extra = 2

    def has_change_permission(self, request, obj=None):
        return not _answered(obj and obj.consultation) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not _answered(obj and obj.consultation) and super().has_delete_permission(
            request, obj
        )

    def has_add_permission(self, request, obj=None):
        return not _answered(obj and obj.consultation) and super().has_add_permission(request, obj)


@admin.register(Question)
class QuestionAdmin(AuditedAdmin):
    list_display = ["consultation", "position", "kind", "text", "required"]
    list_filter = ["kind"]
    inlines = [OptionInline]

    def has_change_permission(self, request, obj=None):
        return not _answered(obj and obj.consultation) and super().has_change_permission(
            request, obj
        )


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(AuditedAdmin):
    list_display = ["name", "body", "reported_to", "opens_on", "closes_on", "reported_at"]
    readonly_fields = ["reported_at"]
