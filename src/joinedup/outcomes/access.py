"""The only routes from a request to the outcomes records a page shows: an indicator only if the
viewer may see it, and a subject (every subject is public; what is private is which indicators
are shown about it). Anything the viewer may not see is "not found", never "forbidden"."""

from django.http import Http404

from joinedup.core.access import Viewer

from . import queries
from .models import Indicator, Subject


def access_indicator(viewer: Viewer, *, code: str) -> Indicator:
    indicator = queries.visible_indicators(viewer).filter(code=code).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


def access_subject(*, code: str) -> Subject:
    subject = Subject.objects.select_related("parent").filter(code=code).first()
    if subject is None:
        raise Http404("No such place or organisation.")
    return subject
