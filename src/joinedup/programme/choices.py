from django.db import models


class ProjectStatus(models.TextChoices):
    PIPELINE = "pipeline", "Pipeline"
    INITIATION = "initiation", "Initiation"
    DELIVERY = "delivery", "Delivery"
    CLOSED = "closed", "Closed"


PROJECT_TRANSITIONS = {
    ProjectStatus.PIPELINE: {ProjectStatus.INITIATION, ProjectStatus.CLOSED},
    ProjectStatus.INITIATION: {ProjectStatus.DELIVERY, ProjectStatus.CLOSED},
    ProjectStatus.DELIVERY: {ProjectStatus.CLOSED},
    ProjectStatus.CLOSED: set(),
}


class ProjectRole(models.TextChoices):
    """The named roles of seed 002's project structure."""

    SPONSOR = "sponsor", "Sponsor"
    SRO = "sro", "Senior responsible owner"
    PROJECT_MANAGER = "project_manager", "Project manager"
    SENIOR_USER = "senior_user", "Senior user"
    CLINICAL_LEAD = "clinical_lead", "Clinical lead"
    FINANCE_REPRESENTATIVE = "finance_representative", "Finance representative"


class Dimension(models.TextChoices):
    TIME = "time", "Time"
    COST = "cost", "Cost"
    SCOPE_QUALITY = "scope_quality", "Scope and quality"
    BENEFITS = "benefits", "Benefits"
    RISK = "risk", "Risk"


DIMENSION_UNITS = {
    Dimension.TIME: "days late",
    Dimension.COST: "% over budget",
    Dimension.SCOPE_QUALITY: "% of scope or quality at risk",
    Dimension.BENEFITS: "% of benefit short",
    Dimension.RISK: "points of risk score above appetite",
}


class ToleranceLevel(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class Confidence(models.TextChoices):
    """Delivery confidence: three-point uses green, amber and red; five-point all five."""

    GREEN = "green", "Green"
    AMBER_GREEN = "amber_green", "Amber/green"
    AMBER = "amber", "Amber"
    AMBER_RED = "amber_red", "Amber/red"
    RED = "red", "Red"


THREE_POINT = (Confidence.GREEN, Confidence.AMBER, Confidence.RED)


class ConfidenceScale(models.TextChoices):
    THREE_POINT = "three_point", "Three-point"
    FIVE_POINT = "five_point", "Five-point"


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class AttestedPart(models.TextChoices):
    """Which part of a return a named role vouches for."""

    QUALITY = "quality", "Scope, quality and clinical safety"
    FINANCE = "finance", "Cost and resources used"


ATTESTING_ROLE = {
    AttestedPart.QUALITY: ProjectRole.CLINICAL_LEAD,
    AttestedPart.FINANCE: ProjectRole.FINANCE_REPRESENTATIVE,
}


class RiskCategory(models.TextChoices):
    CLINICAL = "clinical", "Clinical and patient safety"
    FINANCIAL = "financial", "Financial"
    WORKFORCE = "workforce", "Workforce"
    DELIVERY = "delivery", "Delivery"
    REPUTATION = "reputation", "Reputation"
    INFORMATION = "information", "Information and digital"
    PARTNERSHIP = "partnership", "Partnership and third parties"
    REGULATORY = "regulatory", "Legal and regulatory"


class RiskResponse(models.TextChoices):
    AVOID = "avoid", "Avoid"
    REDUCE = "reduce", "Reduce"
    TRANSFER = "transfer", "Transfer"
    ACCEPT = "accept", "Accept"
    SHARE = "share", "Share"


class RiskLevel(models.TextChoices):
    """Where a risk is held, and so whose tolerance applies and which board it escalates to."""

    PROJECT = "project", "Project"
    WORKSTREAM = "workstream", "Workstream"
    PROGRAMME = "programme", "Programme"


class RaidStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class DependencyStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    CONFIRMED = "confirmed", "Confirmed"
    DELIVERED = "delivered", "Delivered"
    BROKEN = "broken", "Broken"


class AskStatus(models.TextChoices):
    OPEN = "open", "Awaiting response"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


class FundingArrangement(models.TextChoices):
    POOLED = "pooled", "Pooled"
    ALIGNED = "aligned", "Aligned"


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", "Monthly programme report"
    TRANCHE = "tranche", "End-of-tranche report"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSOLIDATED = "consolidated", "Consolidated by the PMO"
    AGREED = "agreed", "Agreed"
    PUBLISHED = "published", "Published"


REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.CONSOLIDATED},
    ReportStatus.CONSOLIDATED: {ReportStatus.AGREED, ReportStatus.DRAFT},
    ReportStatus.AGREED: {ReportStatus.PUBLISHED},
    ReportStatus.PUBLISHED: set(),
}
