"""The fixed vocabularies of partners and people."""

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PARTNERSHIP = "partnership", "Partnership only"
    RESTRICTED = "restricted", "Restricted to named organisations"


class OrganisationKind(models.TextChoices):
    GOVERNMENT_DEPARTMENT = "government_department", "Government department"
    HEALTH_SERVICE = "health_service", "Health service"
    PRIMARY_CARE = "primary_care", "Primary care"
    VOLUNTARY_AND_COMMUNITY = "voluntary_and_community", "Voluntary and community"
    PRIVATE_PROVIDER = "private_provider", "Private provider"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    REGULATOR = "regulator", "Regulator"


class SizeBand(models.TextChoices):
    MICRO = "micro", "Micro"
    SMALL = "small", "Small"
    MEDIUM = "medium", "Medium"
    LARGE = "large", "Large"


class CareSetting(models.TextChoices):
    PREVENTION = "prevention", "Prevention"
    PRIMARY = "primary", "Primary care"
    COMMUNITY = "community", "Community"
    MENTAL_HEALTH = "mental_health", "Mental health"
    ACUTE = "acute", "Acute"
    SOCIAL_CARE = "social_care", "Social care"
    RESIDENTIAL_AND_NURSING = "residential_and_nursing", "Residential and nursing"
    HOME_CARE = "home_care", "Home care"
    END_OF_LIFE = "end_of_life", "End of life"
    CHILDRENS = "childrens", "Children's services"


class StaffRole(models.TextChoices):
    ADMIN = "admin", "Administrator"
    PMO = "pmo", "Programme management office"
    SECRETARY = "secretary", "Board secretary"
    COMMISSIONER = "commissioner", "Commissioner"
    ANALYST = "analyst", "Analyst"


class DataOrigin(models.TextChoices):
    SEED = "seed", "From the source documents"
    SYNTHETIC = "synthetic", "Synthetic (generated for the demo)"
    RECORDED = "recorded", "Recorded by a user"
