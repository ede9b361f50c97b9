"""The fixed vocabularies of commissioning, from the Commissioning and Partnerships Strategy."""

from django.db import models


class CommissioningModel(models.TextChoices):
    """Appendix 1 of the strategy: the three models, from individual contracts to integration."""

    SPECIFICATION_AND_PROCUREMENT = "specification_and_procurement", "Specification and procurement"
    INTEGRATED_COMMUNITY_PARTNERSHIP = (
        "integrated_community_partnership",
        "Integrated community partnership",
    )
    MATURE_INTEGRATED_PARTNERSHIP = "mature_integrated_partnership", "Mature integrated partnership"


class Route(models.TextChoices):
    """How an intention is to be delivered, chosen by an options appraisal."""

    TENDER = "tender", "Tender"
    GRANT = "grant", "Grant"
    DIRECT_AWARD = "direct_award", "Direct award"
    PARTNERSHIP_AGREEMENT = "partnership_agreement", "Partnership agreement"
    IN_HOUSE = "in_house", "In-house"


class PartyRole(models.TextChoices):
    """An organisation's part in a contract or partnership agreement."""

    LEAD = "lead", "Lead provider"
    SUBCONTRACTOR = "subcontractor", "Sub-contractor"
    MEMBER = "member", "Partnership member"


class ContractStatus(models.TextChoices):
    """Where a contract is in its term on a given day: derived from its dates, never stored."""

    NOT_STARTED = "not_started", "Not yet started"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"


class FundingSource(models.TextChoices):
    """Where a contract's money comes from."""

    PUBLIC = "public", "Public"
    PRIVATE = "private", "Private"
    CHARITABLE = "charitable", "Charitable"


class OptionDecision(models.TextChoices):
    """The commissioner's decision on an option to extend a contract."""

    PENDING = "pending", "Not yet decided"
    EXERCISED = "exercised", "Exercised"
    DECLINED = "declined", "Declined"


class KpiReturnStatus(models.TextChoices):
    """A KPI return's state, read from its timestamps."""

    SUBMITTED = "submitted", "Awaiting validation"
    VALIDATED = "validated", "Validated"
    RETURNED = "returned", "Returned to the provider"


class PerformanceRating(models.TextChoices):
    """A KPI return against its target (thresholds in services/contracts.py and ADR 0008)."""

    MET = "met", "Met"
    SLIGHTLY_BELOW = "slightly_below", "Slightly below"
    BELOW = "below", "Below"
    SIGNIFICANTLY_BELOW = "significantly_below", "Significantly below"


class ReminderKind(models.TextChoices):
    """What a contract reminder is about."""

    END = "end", "Contract end"
    EXTENSION_DECISION = "extension_decision", "Extension decision"
