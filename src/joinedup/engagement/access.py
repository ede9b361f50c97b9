"""Who may see and do what in engagement.

A consultation's audience decides its visibility: the public, partners (signed-in people of
partner organisations and staff), or the current members of one body. A draft is seen only by
engagement officers (admins, the programme office and board secretaries), who also see every
result before it is published. Anyone who may see a consultation sees its results once they are
published. Stories are public once an officer publishes them. A project's assurance is seen by
whoever may see the project; it is recorded by members of a body that assures (the Service User
Advisory Council) or by officers. The self-assessment is answered by the members of the round's
body and its report is partnership business.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from joinedup.core.access import Viewer
from joinedup.core.choices import StaffRole

from .choices import Audience
from .models import AssessmentRound, Consultation, Question, Story, Theme


def is_officer(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.has_role(StaffRole.PMO) or viewer.has_role(StaffRole.SECRETARY)


def _member_body_ids(viewer: Viewer):
    from joinedup.governance.access import member_body_ids

    return member_body_ids(viewer)


def is_member(viewer: Viewer, body) -> bool:
    if viewer.person_id is None or body is None:
        return False
    return _member_body_ids(viewer).filter(body_id=body.pk).exists()


def visible_consultations(viewer: Viewer) -> QuerySet:
    consultations = Consultation.objects.visible_to(viewer)
    if is_officer(viewer):
        return consultations
    members_only = Q(audience=Audience.BODY)
    if viewer.person_id is not None:
        members_only &= ~Q(body__in=_member_body_ids(viewer))
    return consultations.live().exclude(members_only)


def access_consultation(viewer: Viewer, *, slug: str) -> Consultation:
    consultation = visible_consultations(viewer).filter(slug=slug).select_related("body").first()
    if consultation is None:
        raise Http404("No such consultation.")
    return consultation


def sees_results(viewer: Viewer, consultation: Consultation) -> bool:
    return is_officer(viewer) or consultation.results_published_at is not None


def access_results(viewer: Viewer, *, slug: str) -> Consultation:
    """The consultation whose results this viewer may read; unpublished results are a 404."""
    consultation = access_consultation(viewer, slug=slug)
    if not sees_results(viewer, consultation):
        raise Http404("The results of this consultation are not published.")
    return consultation


def access_question(viewer: Viewer, consultation: Consultation, *, pk) -> Question:
    question = consultation.questions.filter(pk=pk).first()
    if question is None:
        raise Http404("No such question.")
    return question


def access_theme(viewer: Viewer, consultation: Consultation, *, pk) -> Theme:
    if not is_officer(viewer):
        raise Http404("No such theme.")
    theme = consultation.themes.filter(pk=pk).first()
    if theme is None:
        raise Http404("No such theme.")
    return theme


def require_officer(viewer: Viewer) -> None:
    """Officers' pages do not exist for anyone else."""
    if not is_officer(viewer):
        raise Http404("Page not found.")


def visible_stories(viewer: Viewer) -> QuerySet:
    if is_officer(viewer):
        return Story.objects.all()
    return Story.objects.visible_to(viewer).filter(published_at__isnull=False)


def assuring_bodies(viewer: Viewer) -> QuerySet:
    """The bodies with the power to assure on whose behalf this viewer may record assurance."""
    from joinedup.governance.choices import DecisionPower
    from joinedup.governance.models import Body

    bodies = Body.objects.filter(decision_power=DecisionPower.ASSURES)
    if is_officer(viewer):
        return bodies
    if viewer.person_id is None:
        return bodies.none()
    return bodies.filter(pk__in=_member_body_ids(viewer))


def visible_rounds(viewer: Viewer) -> QuerySet:
    if not viewer.is_partner:
        return AssessmentRound.objects.none()
    return AssessmentRound.objects.select_related("body", "reported_to")


def access_round(viewer: Viewer, *, pk) -> AssessmentRound:
    found = visible_rounds(viewer).filter(pk=pk).first()
    if found is None:
        raise Http404("No such self-assessment round.")
    return found


def may_answer_round(viewer: Viewer, assessment_round: AssessmentRound) -> bool:
    return assessment_round.is_open(timezone.localdate()) and is_member(
        viewer, assessment_round.body
    )
