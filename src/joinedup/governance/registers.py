"""What the public registers show that no single row holds: where a recommendation stands
across the organisations it was addressed to and against its response deadline, and the bodies
in the order of their hierarchy.

Plain functions over objects already loaded (with their addressees and responses prefetched),
so a register page asks the database nothing more for each row.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from .choices import ResponseStatus

AWAITING = "awaiting"
WITHHELD = "a partner organisation"  # one the reader may not see named
ACCEPTING = (ResponseStatus.ACCEPTED, ResponseStatus.ACCEPTED_WITH_CHANGES)


@dataclass(frozen=True)
class Standing:
    """One addressed organisation and its current (latest) response, if it has responded."""

    organisation: Any
    response: Any | None = None
    shown: bool = True

    @property
    def name(self) -> str:
        """The organisation's name, unless the reader may not see the organisation."""
        return str(self.organisation) if self.shown else WITHHELD

    @property
    def status(self) -> str:
        return self.response.status if self.response is not None else AWAITING


@dataclass(frozen=True)
class ConsolidatedState:
    """Where a recommendation stands with every organisation it was addressed to."""

    standings: tuple[Standing, ...]

    @property
    def addressed(self) -> int:
        return len(self.standings)

    @property
    def counts(self) -> dict[str, int]:
        """How many addressees currently stand at each response status, and how many await."""
        counts = dict.fromkeys([*ResponseStatus.values, AWAITING], 0)
        for standing in self.standings:
            counts[standing.status] += 1
        return counts

    @property
    def accepted(self) -> int:
        return sum(1 for s in self.standings if s.status in ACCEPTING)

    @property
    def declined_by(self) -> list[str]:
        return self._names(ResponseStatus.DECLINED)

    @property
    def awaiting(self) -> list[str]:
        return self._names(AWAITING)

    @property
    def summary(self) -> str:
        """One line, e.g. "Accepted by 2 of 4; declined by Partner B; 1 awaiting"."""
        if not self.standings:
            return "Not addressed to any organisation"
        parts = [self._accepted_part()] if self.accepted else []
        for status, verb in (
            (ResponseStatus.DECLINED, "declined"),
            (ResponseStatus.DEFERRED, "deferred"),
            (ResponseStatus.REVOKED, "revoked"),
        ):
            if names := self._names(status):
                parts.append(f"{verb} by {join_names(names)}")
        parts.append(self._awaiting_part())
        text = "; ".join(part for part in parts if part)
        return text[0].upper() + text[1:]

    def _names(self, status: str) -> list[str]:
        return [s.name for s in self.standings if s.status == status]

    def _accepted_part(self) -> str:
        accepted, addressed = self.accepted, self.addressed
        if accepted < addressed:
            text = f"accepted by {accepted} of {addressed}"
        elif addressed == 1:
            text = f"accepted by {self.standings[0].name}"
        else:
            text = f"accepted by all {addressed}"
        with_changes = self.counts[ResponseStatus.ACCEPTED_WITH_CHANGES]
        return text + (f" ({with_changes} with changes)" if with_changes else "")

    def _awaiting_part(self) -> str:
        awaiting = len(self.awaiting)
        if awaiting == 0:
            return ""
        if awaiting == self.addressed:
            return "awaiting a response" if awaiting == 1 else f"awaiting all {awaiting} responses"
        return f"{awaiting} awaiting"


def consolidate(
    organisations: Sequence[Any], responses: Iterable[Any], hidden: Collection = ()
) -> ConsolidatedState:
    """The state from the addressed organisations and their responses in the order recorded:
    each organisation's latest response is its current one (a revocation included). The
    organisations whose keys are in `hidden` are not named."""
    current = {}
    for response in responses:
        current[response.organisation_id] = response
    return ConsolidatedState(
        tuple(
            Standing(organisation, current.get(organisation.pk), organisation.pk not in hidden)
            for organisation in organisations
        )
    )


def consolidated_state(recommendation) -> ConsolidatedState:
    """The state of a recommendation loaded with its addressees (each with its `organisation`
    and an `organisation_shown` flag for the reader) and its `responses` in the order recorded,
    as `queries.responses_prefetch()` gives them."""
    addressees = list(recommendation.addressees.all())
    return consolidate(
        [addressee.organisation for addressee in addressees],
        recommendation.responses.all(),
        hidden={a.organisation_id for a in addressees if not a.organisation_shown},
    )


class Deadline(NamedTuple):
    """Where a recommendation stands against the date its responses are due."""

    due: date | None
    days_left: int | None  # while a response is awaited: days to the deadline, negative after

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.overdue else 0


def deadline(due: date | None, state: ConsolidatedState, today: date) -> Deadline:
    """The days left to respond, or overdue, counted only while some addressee has not
    responded: once all have, the deadline no longer runs."""
    if due is None or not state.awaiting:
        return Deadline(due, None)
    return Deadline(due, (due - today).days)


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class Placed(NamedTuple):
    """A body in the hierarchy: how deep it sits, and the body it reports to if shown."""

    body: Any
    depth: int
    reports_to: Any | None


def hierarchy(bodies: Sequence[Any]) -> list[Placed]:
    """Bodies depth-first from the top of the hierarchy. A body whose parent is not among
    `bodies` (one the reader may not see) starts a tree of its own, with no parent shown."""
    by_pk = {body.pk: body for body in bodies}
    children: dict[Any, list] = {}
    for body in bodies:
        parent = body.reports_to_id if body.reports_to_id in by_pk else None
        children.setdefault(parent, []).append(body)
    ordered: list[Placed] = []
    seen: set = set()

    def visit(body, depth: int) -> None:
        if body.pk in seen:
            return
        seen.add(body.pk)
        ordered.append(Placed(body, depth, by_pk.get(body.reports_to_id)))
        for child in children.get(body.pk, []):
            visit(child, depth + 1)

    for body in children.get(None, []):
        visit(body, 0)
    for body in bodies:  # a loop of bodies reporting to each other has no top; show it anyway
        visit(body, 0)
    return ordered
