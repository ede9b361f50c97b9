"""Whole-page caching for anonymous visitors, invalidated by any audited change.

Every consequential write appends to the audit chain, so the hash at the chain's head is a
version of everything the public can see. A cached page is keyed by that hash: the first request
after any change renders afresh (a hash, unlike a sequence number, never repeats, even after a
database is restored to an earlier state). Each web process may keep its own cache (the default
local-memory cache) and still never serve a stale page, because the version comes from the
database on every request.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .audit_models import AuditHead

TIMEOUT_SECONDS = 300


def public_version() -> str:
    return AuditHead.objects.values_list("hash", flat=True).get(pk=1)


def _cacheable(request: HttpRequest) -> bool:
    # Pages with a flash message, or for someone signed in, are never shared.
    return (
        settings.JOINEDUP_PAGE_CACHE
        and request.method == "GET"
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_for_anonymous(view):
    """Serve anonymous GETs of a view from the cache while nothing has changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        fragment = request.headers.get("HX-Request", "")
        raw_key = f"{request.get_full_path()}|{fragment}|{public_version()}"
        key = "page:" + hashlib.sha256(raw_key.encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            status, content_type, body = cached
            response = HttpResponse(body, status=status, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                entry = (response.status_code, response["Content-Type"], response.content)
                cache.set(key, entry, TIMEOUT_SECONDS)
        response["Vary"] = "Cookie, HX-Request"
        return response

    return wrapper
