"""Engagement test data, built through the service functions."""

import itertools
from datetime import timedelta

from django.utils import timezone

from joinedup.engagement import services
from joinedup.engagement.choices import Audience, QuestionKind

_numbers = itertools.count(1)

QUESTIONS = [
    dict(kind=QuestionKind.SINGLE, text="Does the overall concept make sense?", required=True,
         options=["Yes", "Partly", "No"]),
    dict(kind=QuestionKind.SCALE, text="Does the concept of the groups make sense?",
         required=True, scale_min=1, scale_max=5, scale_labels="Not at all|Completely"),
    dict(kind=QuestionKind.TEXT, text="Do you feel anything is missing?"),
    dict(kind=QuestionKind.MULTIPLE, text="Would you join any of the groups?",
         options=["Partnership Board", "Advisory Council"]),
    dict(kind=QuestionKind.RANKING, text="Rank the options", options=["First", "Second"]),
]  # fmt: skip


def consultation(*, audience=Audience.PUBLIC, identified=False, body=None, opens_in_days=-1,
                 closes_in_days=14, published=True, questions=None, title=None):  # fmt: skip
    number = next(_numbers)
    now = timezone.now()
    created = services.create_consultation(
        slug=f"consultation-{number}", title=title or f"Consultation {number}",
        summary="What do you think?", audience=audience, body=body, identified=identified,
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days), questions=questions or QUESTIONS,
    )  # fmt: skip
    if published:
        services.publish_consultation(consultation=created)
    return created


def questions(consultation) -> dict:
    """The consultation's questions by kind, with their options."""
    return {q.kind: q for q in consultation.questions.prefetch_related("options")}


def form_data(consultation, *, text="Clearer roles.", action="submit", **override) -> dict:
    """A complete, valid answer as the form posts it."""
    q = questions(consultation)
    single, multiple, ranking = (list(q[k].options.all()) for k in ("single", "multiple",
                                                                     "ranking"))  # fmt: skip
    data = {
        f"q_{q['single'].pk}": str(single[0].pk),
        f"q_{q['scale'].pk}": "4",
        f"q_{q['text'].pk}": text,
        f"q_{q['multiple'].pk}": [str(multiple[1].pk)],
        f"q_{q['ranking'].pk}_{ranking[0].pk}": "2",
        f"q_{q['ranking'].pk}_{ranking[1].pk}": "1",
        "action": action,
    }
    data.update(override)
    return data


def values(consultation, *, text="Clearer roles.") -> dict:
    """A complete, valid answer as the service takes it."""
    q = questions(consultation)
    single, multiple, ranking = (list(q[k].options.all()) for k in ("single", "multiple",
                                                                     "ranking"))  # fmt: skip
    return {
        q["single"].pk: str(single[0].pk),
        q["scale"].pk: 4,
        q["text"].pk: text,
        q["multiple"].pk: [str(multiple[1].pk)],
        q["ranking"].pk: {str(ranking[0].pk): 2, str(ranking[1].pk): 1},
    }


def respond(consultation, *, token=None, person=None, text="Clearer roles."):
    return services.save_response(
        consultation=consultation, values=values(consultation, text=text), submit=True,
        token=token or f"token-{next(_numbers)}", person=person,
    )  # fmt: skip
