"""Who may see which governance records.

A body's visibility (public, partnership, restricted) decides who sees it, its meetings and its
public record. Part B (confidential) items, their papers, recommendations, decisions, actions and
escalations are seen only by the body's current members, board secretaries and admins (and an
escalation also by the members of the body it is raised with). A confidential paper becomes
public on its release date unless re-exempted. A person's register of interests is as public as
the bodies they sit on.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from joinedup.core.access import Viewer
from joinedup.core.choices import StaffRole
from joinedup.core.models import Person

from .choices import MembershipRole
from .models import (
    Action,
    AgendaItem,
    Body,
    Decision,
    Escalation,
    Meeting,
    Membership,
    Paper,
    Recommendation,
)


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


def visible_actions(viewer: Viewer) -> QuerySet:
    """Actions on items the viewer may see, and actions of visible meetings not on an item."""
    return Action.objects.filter(
        Q(item__in=visible_items(viewer).values("pk"))
        | Q(item__isnull=True, meeting__in=visible_meetings(viewer).values("pk"))
    )


def visible_escalations(viewer: Viewer) -> QuerySet:
    """Escalations between bodies the viewer may both see; one from a Part B item only to the
    members of either body (the one raising it and the one that must answer), secretaries and
    admins."""
    bodies = visible_bodies(viewer).values("pk")
    return Escalation.objects.filter(
        Q(item__isnull=True)
        | Q(item__is_confidential=False)
        | _confidential_allowed(viewer, "from_body")
        | _confidential_allowed(viewer, "to_body"),
        from_body__in=bodies,
        to_body__in=bodies,
    )


def visible_members(viewer: Viewer) -> QuerySet:
    """People whose register of interests the viewer may read: those whose profile the viewer
    may see and who sit, or sat, on a body the viewer may see; and the viewer themself."""
    if sees_all_confidential(viewer):
        return Person.objects.all()
    seats = Membership.objects.filter(
        person=OuterRef("pk"), body__in=visible_bodies(viewer).values("pk")
    )
    members = Person.objects.visible_to(viewer).filter(Exists(seats))
    if viewer.person_id is None:
        return members
    return Person.objects.filter(Q(pk__in=members.values("pk")) | Q(pk=viewer.person_id))


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


def access_action(viewer: Viewer, action_id) -> Action:
    return _one(
        visible_actions(viewer).filter(pk=action_id).select_related("meeting__body", "owner__user"),
        "No such action.",
    )


def access_escalation(viewer: Viewer, escalation_id) -> Escalation:
    return _one(
        visible_escalations(viewer)
        .filter(pk=escalation_id)
        .select_related("from_body", "to_body", "meeting", "item"),
        "No such escalation.",
    )


def access_member(viewer: Viewer, person_id) -> Person:
    return _one(
        visible_members(viewer).filter(pk=person_id).select_related("user", "organisation"),
        "No such member.",
    )


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


def is_secretary_of(viewer: Viewer, body: Body) -> bool:
    """Board secretaries and admins act for every body; a member in the secretary role acts
    for the body they serve."""
    if can_run_meetings(viewer):
        return True
    return (
        viewer.person_id is not None
        and Membership.objects.current_on(timezone.localdate())
        .filter(body=body, person_id=viewer.person_id, role=MembershipRole.SECRETARY)
        .exists()
    )


def can_respond_to_escalation(viewer: Viewer, escalation: Escalation) -> bool:
    """The body an escalation is raised with answers it, through its secretary."""
    return is_secretary_of(viewer, escalation.to_body)


def can_complete_action(viewer: Viewer, action: Action) -> bool:
    """An action's owner says it is done, or the secretary of the body that agreed it."""
    return (
        viewer.person_id is not None and viewer.person_id == action.owner_id
    ) or is_secretary_of(viewer, action.meeting.body)


def can_register_interest(viewer: Viewer, person: Person) -> bool:
    """A person keeps their own register; a board secretary or an admin may add to anyone's."""
    return viewer.person_id == person.pk or can_run_meetings(viewer)
