"""Who sits on which body, for whom, as one Popolo document (https://www.popoloproject.com).

Persons are members of the bodies the caller may see, current and past, by name only; never
their contact details. Organizations are those bodies and the partner organisations their
members represent. The route in `api.py` finds the records through `governance.access`.
"""

from datetime import date

from joinedup.core.models import Organisation

from .models import Body, Membership


def document(*, bodies, memberships) -> dict:
    """Bodies need `reports_to_seen` annotated; memberships need `body`, `person__user`,
    `organisation` and `organisation_seen` loaded."""
    memberships = list(memberships)
    people = {seat.person_id: seat.person for seat in memberships}
    partners = {seat.organisation_id: seat.organisation for seat in memberships if _on_behalf(seat)}
    return {
        "persons": [_person(p) for p in sorted(people.values(), key=lambda p: p.name)],
        "organizations": [_body(b) for b in bodies]
        + [_partner(o) for o in sorted(partners.values(), key=lambda o: o.name)],
        "memberships": [_membership(seat) for seat in memberships],
    }


def _on_behalf(seat: Membership) -> bool:
    return seat.organisation_id is not None and seat.organisation_seen


def _person(person) -> dict:
    return _compact(
        {
            "id": str(person.id),
            "name": person.name,
            "given_name": person.user.first_name,
            "family_name": person.user.last_name,
        }
    )


def _body(body: Body) -> dict:
    return _compact(
        {
            "id": str(body.id),
            "name": body.name,
            "other_names": [{"name": body.short_name}] if body.short_name else None,
            "classification": body.get_kind_display(),
            "description": body.description,
            "parent_id": str(body.reports_to_id) if body.reports_to_seen else None,
        }
    )


def _partner(organisation: Organisation) -> dict:
    return _compact(
        {
            "id": str(organisation.id),
            "name": organisation.name,
            "classification": organisation.get_kind_display(),
            "links": [{"url": organisation.website}] if organisation.website else None,
        }
    )


def _membership(seat: Membership) -> dict:
    return _compact(
        {
            "id": str(seat.id),
            "label": f"{seat.get_role_display()}, {seat.body.name}",
            "role": seat.get_role_display(),
            "person_id": str(seat.person_id),
            "organization_id": str(seat.body_id),
            "on_behalf_of_id": str(seat.organisation_id) if _on_behalf(seat) else None,
            "start_date": _date(seat.starts_on),
            "end_date": _date(seat.ends_on),
        }
    )


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _compact(obj: dict) -> dict:
    return {key: value for key, value in obj.items() if value not in (None, "")}
