"""Consultations and surveys, patient and carer experience, the service user advisory council's
assurance of projects, "you said, we did", and the partnership's self-assessment."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.core.fields import uuid_pk
from joinedup.core.models import Person
from joinedup.core.visibility import Visible, VisibleQuerySet

from .choices import (
    AssuranceLevel,
    Audience,
    QuestionKind,
    ResponseStatus,
    StorySource,
)

TEXT_LIMIT = 2000


class ConsultationQuerySet(VisibleQuerySet):
    def live(self):
        """Published consultations (a draft is seen only by engagement officers)."""
        return self.filter(published_at__isnull=False)

    def open_at(self, moment):
        return self.live().filter(opens_at__lte=moment, closes_at__gt=moment)


class Consultation(Visible):
    """A consultation or survey of the public, the partners or a body's members, open for a
    period, whose answers inform a project, a body, a paper, a recommendation or an intention."""

    id = uuid_pk()
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="What the consultation is about and why it matters.")
    audience = models.CharField(max_length=16, choices=Audience.choices)
    body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        help_text="For an audience of a body's members: the body.",
    )
    identified = models.BooleanField(
        default=False,
        help_text="Respondents sign in and may answer once; their identity is never published.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    results_summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_closes_after"
            ),
            models.CheckConstraint(
                condition=~Q(audience=Audience.BODY) | Q(body__isnull=False),
                name="consultation_body_audience_has_body",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:consultation_detail", kwargs={"slug": self.slug})

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.published_at is not None and self.opens_at <= moment < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at


class Question(models.Model):
    """One question of a consultation, in order."""

    id = uuid_pk()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    text = models.CharField(max_length=500)
    hint = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_labels = models.CharField(
        max_length=200, blank=True, help_text="For a scale: the meaning of its ends, e.g. 'Poor'."
    )
    max_length = models.PositiveIntegerField(default=TEXT_LIMIT)

    class Meta:
        ordering = ["consultation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="question_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="question_scale_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}


class Option(models.Model):
    """A choice offered by a single-choice, multiple-choice or ranking question."""

    id = uuid_pk()
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="option_position_unique")
        ]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One respondent's answers to a consultation: a draft they may come back to, then
    submitted. An identified response names its person (never published); an anonymous one is
    found again only by the digest of a random token kept in the respondent's session."""

    id = uuid_pk()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="responses"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "person"],
                condition=Q(person__isnull=False),
                name="response_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["consultation", "token_digest"],
                condition=~Q(token_digest=""),  # nosec B106  # "" is no token, not a password
                name="response_one_per_token",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(token_digest=""),  # nosec B106  # no token
                name="response_has_a_respondent",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "status"], name="response_status")]

    def __str__(self) -> str:
        return f"Response to {self.consultation}"


class Theme(models.Model):
    """A theme an engagement officer draws from what people said: in one consultation's
    free-text answers, or (without a consultation) across experience stories."""

    id = uuid_pk()
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="theme_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    """A response's answer to one question: a scale value, a text, or chosen options."""

    id = uuid_pk()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="answers")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")
        ]
        indexes = [models.Index(fields=["question", "value"], name="answer_question_value")]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class AnswerChoice(models.Model):
    """An option chosen in an answer, with its rank for a ranking question."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "option"], name="answer_choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.option_id} ranked {self.rank}" if self.rank else str(self.option_id)


class Link(models.Model):
    """What a consultation or a theme informs: a project, a body, a paper, a recommendation or a
    commissioning intention of another app, named by content type (see `links.py`)."""

    id = uuid_pk()
    consultation = models.ForeignKey(
        Consultation, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation__isnull=True, theme__isnull=False)
                | Q(consultation__isnull=False, theme__isnull=True),
                name="link_has_one_source",
            ),
            models.UniqueConstraint(
                fields=["consultation", "theme", "content_type", "object_id"],
                name="link_unique",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="link_target")]

    def __str__(self) -> str:
        return f"{self.consultation or self.theme} informs {self.content_type} {self.object_id}"


class YouSaidWeDid(models.Model):
    """For one theme: what people said, what the partnership did, and the decision, action or
    recommendation it led to; shown publicly once published."""

    id = uuid_pk()
    theme = models.OneToOneField(Theme, on_delete=models.CASCADE, related_name="outcome")
    you_said = models.TextField(max_length=TEXT_LIMIT)
    we_did = models.TextField(max_length=TEXT_LIMIT)
    led_to_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    led_to_id = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = "you said, we did"
        verbose_name_plural = "you said, we did"

    def __str__(self) -> str:
        return f"You said, we did: {self.theme}"


class Story(Visible):
    """A patient's or carer's experience, shared by them or recorded by staff with their
    consent; no personal health details are asked for. Published by an engagement officer."""

    id = uuid_pk()
    title = models.CharField(max_length=150)
    text = models.TextField(max_length=TEXT_LIMIT)
    service = models.CharField(max_length=150, blank=True, help_text="The service it concerns.")
    source = models.CharField(max_length=8, choices=StorySource.choices)
    consent_given = models.BooleanField()
    consent_recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    projects = models.ManyToManyField("programme.Project", blank=True, related_name="stories")
    themes = models.ManyToManyField(Theme, blank=True, related_name="stories")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.CheckConstraint(condition=Q(consent_given=True), name="story_has_consent")
        ]

    def __str__(self) -> str:
        return self.title


class Assurance(models.Model):
    """The service user advisory council's view of whether a project's engagement with patients
    and carers was sufficient, with evidence and reasons. Never changed: a new view is a new
    row, so the history is kept and the latest row is the project's status."""

    id = uuid_pk()
    project = models.ForeignKey(
        "programme.Project", on_delete=models.PROTECT, related_name="assurances"
    )
    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=16, choices=AssuranceLevel.choices)
    evidence = models.TextField(max_length=TEXT_LIMIT)
    reasons = models.TextField(max_length=TEXT_LIMIT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["project", "-recorded_at"]
        indexes = [models.Index(fields=["project", "-recorded_at"], name="assurance_latest")]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_level_display()}"


class AssessmentRound(models.Model):
    """One round of the partnership's self-assessment, answered by a body's members and
    reported to the body that oversees it (the Independent Oversight Board)."""

    id = uuid_pk()
    name = models.CharField(max_length=100, unique=True)
    body = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="+")
    reported_to = models.ForeignKey("governance.Body", on_delete=models.PROTECT, related_name="+")
    opens_on = models.DateField()
    closes_on = models.DateField()
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class AssessmentScore(models.Model):
    """A member's score (1 to 5) for one statement of the questionnaire in one round."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="scores")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    statement = models.CharField(max_length=12)
    score = models.PositiveSmallIntegerField()
    comment = models.CharField(max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "statement"], name="score_one_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="score_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"
