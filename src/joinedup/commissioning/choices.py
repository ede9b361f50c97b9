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
