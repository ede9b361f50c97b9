"""What every API router shares: who is calling, pagination, and JSON errors with a message."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from joinedup.core.access import Viewer, person_for_token, request_viewer, viewer_of_person

MAX_PAGE_SIZE = 100


class ApiAuth(HttpBearer):
    """A personal API token as a bearer token; without one, the session's user or anonymous.

    A token that is present but wrong is refused (401) rather than treated as anonymous.
    """

    def __call__(self, request: HttpRequest) -> Viewer:
        header = request.headers.get("Authorization")
        if not header:
            viewer = request_viewer(request)
            unsafe = request.method not in {"GET", "HEAD", "OPTIONS"}
            if viewer.is_authenticated and unsafe and check_csrf(request) is not None:
                raise HttpError(403, "CSRF check failed: send the CSRF token with the request.")
            return viewer
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Viewer:
        person = person_for_token(token)
        if person is None:
            raise AuthenticationError(
                401, "The API token is not valid: it is unknown, expired or revoked."
            )
        return viewer_of_person(person)


def api_viewer(request: HttpRequest) -> Viewer:
    return request.auth


def signed_in_viewer(request: HttpRequest, doing: str) -> Viewer:
    """The caller, who must be signed in (a session or an API token) to do `doing`."""
    viewer = api_viewer(request)
    if not viewer.is_authenticated:
        raise AuthenticationError(message=f"Sign in, or send an API token, to {doing}.")
    return viewer


def one_or_404(queryset, message: str):
    """The first record of a query the caller may see, or a 404 saying what was not found."""
    found = queryset.first()
    if found is None:
        raise Http404(message)
    return found


NUL_REFUSED = "A parameter or field holds a NUL character (%00 or \\u0000), which no text may hold."


class NulRefusingParser(Parser):
    """Query parameters, forms and JSON bodies as ninja reads them, but any text holding a NUL
    character is refused (422): PostgreSQL can neither store nor compare such text, so it would
    otherwise be a server error instead of an answer."""

    def parse_querydict(self, data, list_fields, request):
        if any(_holds_nul(key) or _holds_nul(values) for key, values in data.lists()):
            raise HttpError(422, NUL_REFUSED)
        return super().parse_querydict(data, list_fields, request)

    def parse_body(self, request):
        body = super().parse_body(request)
        if _holds_nul(body):
            raise HttpError(422, NUL_REFUSED)
        return body


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(item) for item in value)
    return False


class Pagination(PaginationBase):
    """Numbered pages with the total count; a page past the end is a 404 with a message."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number, from 1.")
        page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE, description="Items per page, 1 to 100.")

    class Output(Schema):
        count: int
        page: int
        pages: int
        page_size: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        count = self._items_count(queryset)
        pages = max(1, -(-count // pagination.page_size))
        if pagination.page > pages:
            raise Http404(f"There is no page {pagination.page}: there are {pages} pages.")
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "count": count,
            "page": pagination.page,
            "pages": pages,
            "page_size": pagination.page_size,
            "items": list(queryset[offset : offset + pagination.page_size]),
        }


class ErrorOut(Schema):
    message: str
    errors: list[dict] | None = None
