"""Who may see which governance records.

A body's visibility (public, partnership, restricted) decides who sees it, its meetings and its
public record. Part B (confidential) items, their papers, recommendations and decisions are seen
only by the body's current members, board secretaries and admins. A confidential paper becomes
public on its release date unless re-exempted.
"""

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from joinedup.core.access import Viewer
from joinedup.core.choices import StaffRole

from .models import AgendaItem, Body, Decision, Meeting, Membership, Paper, Recommendation


def sees_all_confidential(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.has_role(StaffRole.SECRETARY)


def member_body_ids(viewer: Viewer, on: date | None = None) -> QuerySet:
    """A subquery of the bodies the viewer sits on today."""
    return (
        Membership.objects.current_on(on or timezone.localdate())
        .filter(person_id=viewer.person_id)
        .values("body_id")
    )


def _confidential_allowed(viewer: Viewer, body_field: str) -> Q:
    """Q for records of bodies whose confidential business this viewer may see."""
    if sees_all_confidential(viewer):
        # Not an empty Q(): Django drops an empty Q that is OR-ed with a condition.
        return Q(pk__isnull=False)
    if viewer.person_id is None:
        return Q(pk__in=[])
    return Q(**{f"{body_field}__in": member_body_ids(viewer)})


def visible_bodies(viewer: Viewer) -> QuerySet:
    return Body.objects.visible_to(viewer)


def visible_meetings(viewer: Viewer) -> QuerySet:
    return Meeting.objects.filter(body__in=visible_bodies(viewer).values("pk"))


def visible_items(viewer: Viewer) -> QuerySet:
    return AgendaItem.objects.filter(
        Q(is_confidential=False) | _confidential_allowed(viewer, "meeting__body"),
        meeting__in=visible_meetings(viewer).values("pk"),
    )


def visible_papers(viewer: Viewer, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    released = Q(is_confidential=False) | Q(release_on__lte=today)
    return Paper.objects.filter(
        released | _confidential_allowed(viewer, "item__meeting__body"),
        item__in=visible_items(viewer).values("pk"),
    )


def visible_recommendations(viewer: Viewer) -> QuerySet:
    return Recommendation.objects.filter(item__in=visible_items(viewer).values("pk"))


def visible_decisions(viewer: Viewer) -> QuerySet:
    return Decision.objects.filter(
        Q(item__isnull=True, body__in=visible_bodies(viewer).values("pk"))
        | Q(item__in=visible_items(viewer).values("pk"))
    )


def access_body(viewer: Viewer, slug: str) -> Body:
    return _one(visible_bodies(viewer).filter(slug=slug), "No such body.")


def access_meeting(viewer: Viewer, meeting_id) -> Meeting:
    return _one(
        visible_meetings(viewer).filter(pk=meeting_id).select_related("body"), "No such meeting."
    )


def access_paper(viewer: Viewer, paper_id) -> Paper:
    return _one(visible_papers(viewer).filter(pk=paper_id), "No such paper.")


def access_recommendation(viewer: Viewer, reference: str) -> Recommendation:
    return _one(
        visible_recommendations(viewer).filter(reference=reference), "No such recommendation."
    )


def access_decision(viewer: Viewer, reference: str) -> Decision:
    return _one(visible_decisions(viewer).filter(reference=reference), "No such decision.")


def _one(queryset: QuerySet, message: str):
    found = queryset.first()
    if found is None:
        raise Http404(message)
    return found


def can_respond_for(viewer: Viewer, organisation_id) -> bool:
    """A partner's representatives record their own organisation's responses."""
    return viewer.is_admin or (
        viewer.organisation_id is not None and viewer.organisation_id == organisation_id
    )


def can_run_meetings(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.SECRETARY)
