"""The fixed vocabularies of engagement: audiences, question kinds, assurance levels and the
self-assessment's domains and statements."""

from django.db import models


class Audience(models.TextChoices):
    PUBLIC = "public", "The public"
    PARTNERS = "partners", "Partner organisations"
    BODY = "body", "The members of a body"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Scale"
    TEXT = "text", "Free text"
    RANKING = "ranking", "Ranking"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft (saved to finish later)"
    SUBMITTED = "submitted", "Submitted"


class StorySource(models.TextChoices):
    PUBLIC = "public", "Shared by a member of the public"
    STAFF = "staff", "Recorded by staff"


class AssuranceLevel(models.TextChoices):
    SUFFICIENT = "sufficient", "Sufficient"
    PARTLY = "partly", "Partly sufficient"
    NOT_SUFFICIENT = "not_sufficient", "Not sufficient"


class Domain(models.TextChoices):
    """The enablers of progress (seed 003) and the governance maturity areas (seed 004)."""

    RELATIONSHIPS = "relationships", "Relationships"
    LEADERSHIP = "leadership", "Leadership"
    SHARED_COMMITMENT = "shared_commitment", "Shared commitment"
    FEW_PRIORITIES = "few_priorities", "Focus on a few priorities"
    PRAGMATISM = "pragmatism", "Pragmatism and improvement"
    GOVERNANCE = "governance", "Governance"
    ACCOUNTABILITY = "accountability", "Accountability"
    DECISION_MAKING = "decision_making", "Decision-making"
    PUBLIC_ENGAGEMENT = "public_engagement", "Public engagement"


# The questionnaire: (code, domain, statement). Members score each from 1 (strongly disagree)
# to 5 (strongly agree). Codes are stored with the answers, so never reuse or renumber one.
STATEMENTS: tuple[tuple[str, str, str], ...] = (
    ("rel-1", Domain.RELATIONSHIPS, "Relationships between all the partners, including the "
     "voluntary and private sectors, are good enough to work through disagreement."),
    ("rel-2", Domain.RELATIONSHIPS, "Partners trust each other with information early."),
    ("lead-1", Domain.LEADERSHIP, "Our leaders have the capacity to drive change as part of "
     "the day job."),
    ("lead-2", Domain.LEADERSHIP, "Leaders engage and mobilise clinicians and the wider "
     "workforce."),
    ("com-1", Domain.SHARED_COMMITMENT, "Partners put the needs of patients and the system "
     "before those of their own organisation."),
    ("com-2", Domain.SHARED_COMMITMENT, "We share one understanding of Jersey's health and "
     "care challenges."),
    ("pri-1", Domain.FEW_PRIORITIES, "We focus on a small number of practical priorities."),
    ("pri-2", Domain.FEW_PRIORITIES, "We can point to practical improvements on the ground."),
    ("prag-1", Domain.PRAGMATISM, "We try new things, learn, and change what does not work."),
    ("gov-1", Domain.GOVERNANCE, "Our governance arrangements are clear and understood by "
     "every partner."),
    ("gov-2", Domain.GOVERNANCE, "Terms of reference, membership and quorum are kept up to "
     "date."),
    ("acc-1", Domain.ACCOUNTABILITY, "It is clear who is accountable for each decision and "
     "each project."),
    ("dec-1", Domain.DECISION_MAKING, "Recommendations reach the sovereign organisations "
     "quickly and their responses are recorded."),
    ("dec-2", Domain.DECISION_MAKING, "Decisions are taken at the right level, on evidence."),
    ("pub-1", Domain.PUBLIC_ENGAGEMENT, "Islanders, patients and carers can see and influence "
     "what the partnership decides."),
    ("pub-2", Domain.PUBLIC_ENGAGEMENT, "We tell people what we did with what they said."),
)  # fmt: skip

STATEMENT_DOMAIN = {code: domain for code, domain, _ in STATEMENTS}
