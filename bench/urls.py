"""The product's URLs plus /bench/minimal/, the baseline every measurement is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from joinedup.urls import urlpatterns as product_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    """The least a Django page can do: the same middleware, no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *product_urlpatterns]
