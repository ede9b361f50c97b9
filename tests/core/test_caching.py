"""Anonymous pages are served from the cache until anything audited changes."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_view_is_served_from_the_cache(
    anonymous, partner_a, django_assert_max_num_queries
):
    anonymous.client.get("/partners/")
    with django_assert_max_num_queries(1):  # only the public version is read
        page = anonymous.client.get("/partners/").content.decode()
    assert "Partner A Care" in page


def test_any_audited_change_shows_at_once(anonymous, partner_a):
    anonymous.client.get("/partners/")
    factories.organisation("Newly Joined Charity")
    assert "Newly Joined Charity" in anonymous.client.get("/partners/").content.decode()


def test_signed_in_people_never_get_the_anonymous_page(anonymous, member_a, partner_a):
    anonymous.client.get(partner_a.get_absolute_url())
    page = member_a.client.get(partner_a.get_absolute_url()).content.decode()
    assert partner_a.contact_email in page


def test_the_htmx_fragment_and_the_full_page_are_cached_apart(anonymous, partner_a):
    anonymous.client.get("/partners/", headers={"HX-Request": "true"})
    assert "<html" in anonymous.client.get("/partners/").content.decode()


def test_error_pages_are_not_cached(anonymous):
    assert anonymous.client.get("/partners/?kind=bogus").status_code == 400
    assert anonymous.client.get("/partners/?kind=bogus").status_code == 400


def test_the_page_cache_can_be_turned_off(
    anonymous, partner_a, settings, django_assert_num_queries
):
    settings.JOINEDUP_PAGE_CACHE = False
    anonymous.client.get("/partners/")
    with django_assert_num_queries(3):  # count, page, care settings: rendered afresh
        anonymous.client.get("/partners/")
