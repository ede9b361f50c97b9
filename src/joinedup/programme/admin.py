"""The admin for the programme office's settings: programmes, workstreams, projects, tolerances,
risk appetites and funding sources. Every change is audited. Returns, risks, milestones, targets
and reports change only through the product, whose services keep their rules (immutable
returns, re-baselines with reasons, escalation, frozen reports)."""

from django.contrib import admin

from joinedup.core.admin import AuditedAdmin

from .models import FundingSource, Programme, Project, RiskAppetite, Tolerance, Workstream


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ["name", "board", "reports_agreed_by", "confidence_scale"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Workstream)
class WorkstreamAdmin(AuditedAdmin):
    list_display = ["name", "programme", "board"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["reference", "name", "workstream", "lead_organisation", "status", "visibility"]
    list_filter = ["status", "visibility", "workstream"]
    search_fields = ["reference", "name"]
    readonly_fields = ["status"]  # moves only through services.move_project
    filter_horizontal = ["partners", "restricted_to"]


@admin.register(Tolerance)
class ToleranceAdmin(AuditedAdmin):
    list_display = ["programme", "project", "dimension", "limit"]
    list_filter = ["dimension"]


@admin.register(RiskAppetite)
class RiskAppetiteAdmin(AuditedAdmin):
    list_display = ["programme", "category", "level", "organisation", "tolerance_score"]
    list_filter = ["category", "level"]


@admin.register(FundingSource)
class FundingSourceAdmin(AuditedAdmin):
    list_display = ["name", "programme", "provided_by", "held_by", "arrangement"]
