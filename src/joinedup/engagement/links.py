"""What consultations and themes inform, and what a "you said, we did" led to: records of other
apps named by their model label and found through the app registry, so that engagement does not
import those apps' models at import time. A linked record is shown only to a viewer who may see
it, through the owning app's own visibility functions."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from joinedup.core.access import Viewer

# What a consultation or a theme may inform.
INFORMS = (
    "programme.project",
    "governance.body",
    "governance.paper",
    "governance.recommendation",
    "commissioning.intention",
)
# What a "you said, we did" may have led to.
LED_TO = ("governance.decision", "governance.action", "governance.recommendation")

MAX_CHOICES = 500


def visible(label: str, viewer: Viewer) -> QuerySet:
    """The records of one linkable model that this viewer may see."""
    from joinedup.governance import access as governance
    from joinedup.programme import access as programme

    by_label = {
        "programme.project": programme.visible_projects,
        "governance.body": governance.visible_bodies,
        "governance.paper": governance.visible_papers,
        "governance.recommendation": governance.visible_recommendations,
        "governance.decision": governance.visible_decisions,
        "governance.action": governance.visible_actions,
    }
    if label in by_label:
        return by_label[label](viewer)
    return apps.get_model(label).objects.visible_to(viewer)


def _label(record: Model) -> str:
    return f"{record._meta.verbose_name.capitalize()}: {str(record)[:120]}"


def choices(labels, viewer: Viewer) -> list[tuple[str, str]]:
    """Form choices `app.model:pk` of the records of these kinds the viewer may see."""
    found = []
    for label in labels:
        for record in visible(label, viewer)[:MAX_CHOICES]:
            found.append((f"{label}:{record.pk}", _label(record)))
    return found


def resolve(value: str, labels, viewer: Viewer) -> Model | None:
    """The record named by a form value `app.model:pk` if it is of an allowed kind and the
    viewer may see it; otherwise None."""
    label, _, pk = (value or "").partition(":")
    if label not in labels or not pk:
        return None
    try:
        return visible(label, viewer).filter(pk=pk).first()
    except (ValueError, ValidationError):  # a malformed id is simply not found
        return None


def records(pairs, viewer: Viewer) -> list[Model]:
    """The records named by (content type id, object id) pairs that the viewer may see, one
    query per kind."""
    by_type: dict[int, list[str]] = {}
    for type_id, object_id in pairs:
        by_type.setdefault(type_id, []).append(object_id)
    found = []
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            found += list(visible(model._meta.label_lower, viewer).filter(pk__in=ids))
    return found


def url_of(record: Model) -> str | None:
    getter = getattr(record, "get_absolute_url", None)
    return getter() if getter else None
