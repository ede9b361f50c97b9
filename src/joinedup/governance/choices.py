"""The vocabularies of the partnership's governance (seed 002, the Jersey Care Partnership
Framework, and seed 003's committees-in-common)."""

from django.db import models


class BodyKind(models.TextChoices):
    MINISTERIAL = "ministerial", "Ministerial"
    SCRUTINY = "scrutiny", "Scrutiny"
    INDEPENDENT_OVERSIGHT = "independent_oversight", "Independent oversight"
    STRATEGIC_PARTNERSHIP_BOARD = "strategic_partnership_board", "Strategic partnership board"
    PROGRAMME_BOARD = "programme_board", "Programme board"
    WORKSTREAM_BOARD = "workstream_board", "Workstream or project board"
    ADVISORY_GROUP = "advisory_group", "Advisory group"
    FORUM = "forum", "Forum"
    PARTNER_COMMITTEE = "partner_committee", "A partner organisation's own committee"


class DecisionPower(models.TextChoices):
    DECIDES = "decides", "Decides"
    RECOMMENDS = "recommends", "Recommends"
    ADVISES = "advises", "Advises"
    ASSURES = "assures", "Assures"


class MembershipRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    SECRETARY = "secretary", "Secretary"
    OBSERVER = "observer", "Observer"
    ADVISER = "adviser", "Adviser"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PAPERS_PUBLISHED = "papers_published", "Papers published"
    HELD = "held", "Held"
    MINUTES_APPROVED = "minutes_approved", "Minutes approved"
    CANCELLED = "cancelled", "Cancelled"


# The one table of allowed meeting transitions, checked in services.move_meeting.
MEETING_TRANSITIONS = {
    MeetingStatus.SCHEDULED: {MeetingStatus.PAPERS_PUBLISHED, MeetingStatus.CANCELLED},
    MeetingStatus.PAPERS_PUBLISHED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: {MeetingStatus.MINUTES_APPROVED},
    MeetingStatus.MINUTES_APPROVED: set(),
    MeetingStatus.CANCELLED: set(),
}


class ItemCategory(models.TextChoices):
    GOVERNANCE = "governance", "Governance"
    PRIORITISATION = "prioritisation", "Prioritisation and scheduling"
    PROJECT_INITIATION = "project_initiation", "Project initiation"
    SPOTLIGHT = "spotlight", "Project update: spotlight session"
    PROGRAMME_REPORT = "programme_report", "Programme report"
    OTHER = "other", "Other"


class ItemPurpose(models.TextChoices):
    DECISION = "decision", "For decision"
    RECOMMENDATION = "recommendation", "For recommendation"
    ASSURANCE = "assurance", "For assurance"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class InterestKind(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    NON_FINANCIAL = "non_financial", "Non-financial"
    INDIRECT = "indirect", "Indirect"


class DeclarationConsequence(models.TextChoices):
    WITHDREW = "withdrew", "Withdrew from the item"
    NO_PART = "no_part", "Took no part in the decision"
    DISPENSATION = "dispensation", "Dispensation granted: took part"


# Consequences that take a member out of the item's quorum.
CONFLICTED_OUT = {DeclarationConsequence.WITHDREW, DeclarationConsequence.NO_PART}


class ReachedBy(models.TextChoices):
    CONSENSUS = "consensus", "Consensus"
    CONSENSUS_WITH_DISSENT = "consensus_with_dissent", "Consensus, with dissent noted"
    VOTE = "vote", "Vote"


class ResponseStatus(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_WITH_CHANGES = "accepted_with_changes", "Accepted with changes"
    DECLINED = "declined", "Declined"
    DEFERRED = "deferred", "Deferred"
    REVOKED = "revoked", "Revoked"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class EscalationStatus(models.TextChoices):
    OPEN = "open", "Awaiting response"
    RESPONDED = "responded", "Responded"
    RESOLVED = "resolved", "Resolved"
