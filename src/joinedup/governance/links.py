"""What a decision concerns: records of other apps (a project, a risk, an indicator) linked to it
without governance importing those apps. Each linkable model is named here by its label and
found through the app registry; a linked record is shown only to a viewer who may see it, and
from either end: the decision lists its records, a record's page lists its decisions."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from joinedup.core.access import Viewer

from .models import Decision, DecisionLink

LINKABLE = ("programme.project", "programme.risk", "outcomes.indicator")


def _models() -> list[type[Model]]:
    found = []
    for label in LINKABLE:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def _visible(model, viewer: Viewer) -> QuerySet:
    records = model.objects.all()
    return records.visible_to(viewer) if hasattr(records, "visible_to") else records


def choices(viewer: Viewer) -> list[tuple[str, str]]:
    """The records a viewer may link a decision to, as form choices ("Project: …")."""
    return [
        (
            f"{model._meta.label_lower}:{record.pk}",
            f"{model._meta.verbose_name.capitalize()}: {record}",
        )
        for model in _models()
        for record in _visible(model, viewer)
    ]


def resolve(values, viewer: Viewer) -> list[Model]:
    """The records named by form values `app.model:pk` that the viewer may see."""
    records = []
    for value in values:
        label, _, pk = value.partition(":")
        if label not in LINKABLE:
            continue
        record = _visible(apps.get_model(label), viewer).filter(pk=pk).first()
        if record is not None:
            records.append(record)
    return records


def concerned_records(decision: Decision, viewer: Viewer) -> list[Model]:
    """The records a decision concerns that this viewer may see, one query per kind."""
    by_type: dict[int, list[str]] = {}
    for link in decision.links.all():
        by_type.setdefault(link.content_type_id, []).append(link.object_id)
    records = []
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            records += list(_visible(model, viewer).filter(pk__in=ids))
    return records


def decisions_concerning(record: Model) -> QuerySet:
    """The decisions linked to a record (filter them by what the viewer may see)."""
    content_type = ContentType.objects.get_for_model(record)
    linked = DecisionLink.objects.filter(content_type=content_type, object_id=str(record.pk))
    return Decision.objects.filter(pk__in=linked.values("decision_id"))
