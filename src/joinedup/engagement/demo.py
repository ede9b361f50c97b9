"""The engagement demo: the partner survey on the draft governance framework (seed 002, its own
questions) as it ran in December 2020, with synthetic responses, themes and "you said, we did";
the same questions reopened to the public so that anyone can try the form; patient and carer
stories for two projects of the programme demo; the Service User Advisory Council's assurance
of projects; and two rounds of the partnership's self-assessment reported to the Independent
Oversight Board. Every response, story, assurance and score is synthetic and says so."""

import hashlib
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from joinedup.core.audit_models import AuditEntry

from . import services
from .choices import STATEMENTS, AssuranceLevel, Audience, QuestionKind, StorySource
from .models import Answer, AssessmentRound, Consultation

SURVEY_SLUG = "governance-framework-partner-survey-2020"
PUBLIC_SLUG = "governance-framework-have-your-say"
SYNTHETIC = "Synthetic demo data."

GROUPS = [
    "Strategic Jersey Care Partnership Board",
    "JCM Programme Board",
    "Technical and Clinical Care Advisory Cell",
    "Service User Advisory Council",
    "Delivery workstream boards",
]
SUAC_OPTIONS = [
    "A dedicated group of lay persons appointed through public selection",
    "A core of professional members working with patients, carers and the community",
    "An assurance function only",
    "A mix of the above",
]
# The questions the slide set asked partners to consider (seed 002), as a survey.
QUESTIONS = [
    dict(kind=QuestionKind.SINGLE, text="Does the overall concept make sense?", required=True,
         options=["Yes", "Partly", "No"]),
    dict(kind=QuestionKind.SCALE, text="Does the concept of the groups make sense?",
         required=True, scale_min=1, scale_max=5, scale_labels="Not at all|Completely"),
    dict(kind=QuestionKind.TEXT, text="Do you feel anything is missing or is not necessary?",
         hint="Up to 2,000 characters."),
    dict(kind=QuestionKind.TEXT, text="What are your thoughts on the functions of the groups?",
         hint="Up to 2,000 characters."),
    dict(kind=QuestionKind.MULTIPLE,
         text="To which groups could you add detail for the terms of reference?",
         hint="Select all that apply.", options=GROUPS),
    dict(kind=QuestionKind.MULTIPLE, text="Would you be interested in joining any of the groups?",
         hint="Select all that apply.", options=GROUPS),
    dict(kind=QuestionKind.RANKING,
         text="Rank the options for the Service User Advisory Council's membership",
         options=SUAC_OPTIONS),
]  # fmt: skip
MISSING = [
    "The voluntary sector needs a seat on the Partnership Board, not only on advisory groups.",
    "It is not clear how patients and carers will be heard before decisions are taken.",
    "Primary care representation on the programme board should be explicit.",
    "Too many groups: the advisory cell and the programme board overlap.",
    "How will the public see what the boards decide? Publish the papers.",
    "Small charities cannot release staff for monthly meetings: allow written input.",
]
FUNCTIONS = [
    "The Service User Advisory Council should be able to say no to a project that has not "
    "engaged patients.",
    "The functions look right but the boards need clear terms of reference and quorum.",
    "Workstream boards should report risks upwards, not only progress.",
    "The advisory cell should publish its advice.",
]
THEMES = [
    ("Voice of patients and carers",
     "Partners asked how patients and carers will be heard before decisions are taken.",
     "The Service User Advisory Council was set up to assure the Strategic Partnership Board "
     "that every project has incorporated patient and carer feedback, and its view is shown in "
     "the programme report."),
    ("Openness of the boards",
     "Partners asked that the public can see what the boards decide.",
     "Papers, minutes, recommendations and decisions of the boards are published on the "
     "public record, with a register of every partner's response."),
]  # fmt: skip
STORIES = [
    ("Coming home from hospital",
     "After my husband's stay on the ward nobody told us who would visit. Three different "
     "people rang in the first week and none knew what the others had said. One named "
     "person would have made all the difference.", "Discharge and community nursing"),
    ("Caring for Mum at night",
     "I care for my mother who lives with dementia. Respite at short notice was impossible to "
     "find; the carers' centre helped, but only after I reached them myself.",
     "Respite care for carers"),
    ("Finding the right help first time",
     "I was passed between three services before someone listened. When they did, the "
     "support was excellent.", "Community mental health"),
]  # fmt: skip


def _draw(*parts) -> int:
    return int.from_bytes(hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:4], "big")


def _counts() -> dict[str, int]:
    models = apps.get_app_config("engagement").get_models()
    counted = {model.__name__: model.objects.count() for model in models}
    counted["AuditEntry"] = AuditEntry.objects.count()
    return counted


@transaction.atomic
def load(logins_file=None) -> dict:
    """Load the engagement demo (and the programme and governance demos if they are missing);
    running it again adds nothing. Returns what was added, by model."""
    if not Consultation.objects.filter(slug=SURVEY_SLUG).exists():
        from joinedup.programme import demo as programme_demo

        programme_demo.load(logins_file=logins_file)
        before = _counts()
        _Loader().run()
    else:
        before = _counts()
    after = _counts()
    return {name: n for name, n in ((k, after[k] - before.get(k, 0)) for k in after) if n}


class _Loader:
    def __init__(self):
        from joinedup.core.models import Person
        from joinedup.governance.models import Body

        self.bodies = {b.short_name: b for b in Body.objects.all()}
        self.officer = Person.objects.filter(user__username="secretary").first()
        self.by = self.officer.user if self.officer else None

    def run(self) -> None:
        survey = self.partner_survey()
        self.public_consultation()
        self.themes(survey)
        self.stories()
        self.assurance()
        self.self_assessment()

    def partner_survey(self) -> Consultation:
        opens = datetime(2020, 12, 4, 9, tzinfo=UTC)
        survey = services.create_consultation(
            slug=SURVEY_SLUG,
            title="Partner survey on the draft governance framework (December 2020)",
            summary="The Jersey Care Model programme team asked partners to review the draft "
            "governance framework for the Jersey Care Model, presented at the partner sessions "
            "of 4 and 8 December 2020, and to give their comments, thoughts and amendments "
            f"through this survey, which closed on Sunday 13 December 2020. {SYNTHETIC[:-1]}: "
            "the responses shown are generated for the demo.",
            audience=Audience.PARTNERS, opens_at=opens,
            closes_at=datetime(2020, 12, 13, 23, 59, tzinfo=UTC), questions=QUESTIONS, by=self.by,
        )  # fmt: skip
        services.publish_consultation(consultation=survey, by=self.by)
        Consultation.objects.filter(pk=survey.pk).update(published_at=opens)
        survey.refresh_from_db()
        for n in range(36):
            self.respond(survey, n, at=opens + timedelta(hours=3 * n + 1))
        self.link(survey, "governance.body", name="Strategic Jersey Care Partnership Board")
        services.publish_results(
            consultation=survey, by=self.by,
            summary="Most partners found the overall concept sensible. They asked for a clear "
            "voice for patients and carers, and for the boards to work in the open.",
        )  # fmt: skip
        Consultation.objects.filter(pk=survey.pk).update(
            results_published_at=datetime(2021, 1, 20, 9, tzinfo=UTC)
        )
        return survey

    def public_consultation(self) -> Consultation:
        now = timezone.now().replace(microsecond=0)
        consultation = services.create_consultation(
            slug=PUBLIC_SLUG,
            title="Have your say on how the Jersey Care Model is governed",
            summary="The partnership is reviewing how its boards and groups work. Tell us "
            "whether the framework makes sense to you, what is missing, and whether you would "
            "join a group. Anyone may answer; answers are anonymous. The questions are those "
            "of the partners' survey of December 2020 (seed 002). The responses already in "
            "are synthetic demo data.",
            audience=Audience.PUBLIC, opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(days=28), questions=QUESTIONS, by=self.by,
        )  # fmt: skip
        services.publish_consultation(consultation=consultation, by=self.by)
        for n in range(12):
            self.respond(consultation, 100 + n, at=now - timedelta(days=6, hours=-n))
        self.link(consultation, "governance.body", name="Service User Advisory Council")
        return consultation

    def respond(self, consultation, n, *, at) -> None:
        questions = list(consultation.questions.prefetch_related("options"))
        values = {}
        for question in questions:
            options = [str(o.pk) for o in question.options.all()]
            draw = _draw(consultation.slug, n, question.position)
            if question.kind == QuestionKind.SINGLE:
                values[question.pk] = options[[0, 0, 0, 1, 1, 2][draw % 6]]
            elif question.kind == QuestionKind.SCALE:
                values[question.pk] = [3, 4, 4, 5, 2, 4, 5][draw % 7]
            elif question.kind == QuestionKind.TEXT:
                pool = MISSING if question.position == 3 else FUNCTIONS
                if draw % 3:
                    values[question.pk] = pool[draw % len(pool)]
            elif question.kind == QuestionKind.MULTIPLE:
                values[question.pk] = [o for i, o in enumerate(options) if (draw >> i) & 1]
            else:
                order = sorted(options, key=lambda pk, d=draw: _draw(d, pk))
                values[question.pk] = {pk: rank for rank, pk in enumerate(order, start=1)}
        services.save_response(
            consultation=consultation, values=values, submit=True,
            token=f"demo-{consultation.slug}-{n}", at=at,
        )  # fmt: skip

    def link(self, consultation, label, *, name=None, theme=None):
        model = apps.get_model(label)
        record = model.objects.filter(name=name).first()
        if record is not None:
            services.link(record=record, consultation=consultation, theme=theme, by=self.by)

    def themes(self, survey) -> None:
        from joinedup.governance.models import Recommendation

        recommendation = (
            Recommendation.objects.filter(item__is_confidential=False, body__visibility="public")
            .order_by("issued_at")
            .first()
        )
        text_answers = list(Answer.objects.filter(question__consultation=survey, text__gt=""))
        for index, (name, you_said, we_did) in enumerate(THEMES):
            theme = services.create_theme(
                consultation=survey, name=name, description=you_said, by=self.by
            )
            words = ("patient", "carer", "heard") if index == 0 else ("public", "Publish", "see")
            for answer in text_answers:
                if any(word in answer.text for word in words):
                    services.set_answer_themes(
                        answer=answer, themes=[*answer.themes.all(), theme], by=self.by
                    )
            if recommendation is not None and index == 1:
                services.link(record=recommendation, theme=theme, by=self.by)
            services.record_you_said_we_did(
                theme=theme, you_said=you_said, we_did=we_did,
                led_to=recommendation if index == 1 else None, publish=True, by=self.by,
            )  # fmt: skip

    def stories(self) -> None:
        from joinedup.programme.models import Project

        projects = list(Project.objects.order_by("reference")[:2])
        theme = services.create_theme(name="Joined-up care at home", by=self.by)
        for index, (title, story, service) in enumerate(STORIES):
            services.record_story(
                title=title, story=f"{story} ({SYNTHETIC})", service=service, consent=True,
                source=StorySource.STAFF, projects=[projects[index % len(projects)]]
                if projects else [], themes=[theme], by=self.by, publish=index < 2,
            )  # fmt: skip

    def assurance(self) -> None:
        from joinedup.programme.models import Project

        suac = self.bodies.get("SUAC")
        if suac is None:
            return
        levels = [AssuranceLevel.SUFFICIENT, AssuranceLevel.PARTLY, AssuranceLevel.NOT_SUFFICIENT]
        for index, project in enumerate(Project.objects.order_by("reference")[:6]):
            if index == 0:
                services.record_assurance(
                    project=project, body=suac, level=AssuranceLevel.PARTLY,
                    evidence="Two patient stories; no carers' focus group yet.",
                    reasons=f"Carers were not yet heard. {SYNTHETIC}", by=self.by,
                )  # fmt: skip
            services.record_assurance(
                project=project, body=suac, level=levels[index % 3],
                evidence="Patient and carer stories, the project's engagement log and a focus "
                "group.",
                reasons=f"The council's view after reviewing the evidence. {SYNTHETIC}",
                by=self.by,
            )  # fmt: skip

    def self_assessment(self) -> None:
        from joinedup.governance.models import Membership

        spb, iob = self.bodies.get("SPB"), self.bodies.get("IOB")
        if spb is None or iob is None:
            return
        members = [m.person for m in Membership.objects.filter(body=spb).select_related("person")]
        for year, lift in ((2021, 0), (2022, 1)):
            assessment_round = services.open_round(
                name=f"Self-assessment {year}", body=spb, reported_to=iob,
                opens_on=date(year, 10, 1), closes_on=date(year, 10, 31), by=self.by,
            )  # fmt: skip
            for person in members[:8]:
                scores = {
                    code: min(5, 2 + (_draw(year, person.pk, code) % 3) + lift)
                    for code, _domain, _text in STATEMENTS
                }
                services.record_self_assessment(
                    assessment_round=assessment_round, person=person, scores=scores,
                    by=self.by, check_open=False,
                )  # fmt: skip
            services.report_round(assessment_round=assessment_round, by=self.by)
            # Reported when the round was, not when the demo was loaded.
            AssessmentRound.objects.filter(pk=assessment_round.pk).update(
                reported_at=datetime(year, 11, 15, 10, tzinfo=UTC)
            )
