"""What other apps have to say about a record, shown on the record's own page.

An app that informs records of another app (engagement's consultations inform governance's
papers, recommendations and decisions) registers a provider here in its `AppConfig.ready`, so
the record's app shows those sections without importing the app that provides them. A provider
takes the records and the viewer, and returns only what that viewer may see.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A part of a page: its heading, and a template that renders `context`."""

    heading: str
    template: str
    context: dict = field(default_factory=dict)


Provider = Callable[[Iterable, object], list[Section]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections(records: Iterable, viewer) -> list[Section]:
    """Every registered app's sections about these records, for this viewer."""
    records = [record for record in records if record is not None]
    return [section for provider in _providers for section in provider(records, viewer)]
