"""The public portal: home page, partners directory and organisation pages."""

import pytest
from django.urls import reverse

from joinedup.core.choices import CareSetting, OrganisationKind, SizeBand, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("core:organisation_list")


@pytest.fixture
def directory(partner_a, partner_b):
    factories.organisation(
        "Mind Test", kind=OrganisationKind.VOLUNTARY_AND_COMMUNITY, size_band=SizeBand.MICRO,
        care_settings=[CareSetting.MENTAL_HEALTH],
    )  # fmt: skip
    factories.organisation("Hidden Partner", visibility=Visibility.PARTNERSHIP)
    factories.organisation("Closed Partner", is_active=False)


def test_home_page_describes_the_partnership_and_counts_partners(anonymous, directory):
    response = anonymous.client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jersey Care Partnership" in page
    assert "Browse the partners" in page


def test_directory_lists_active_public_partners_to_anonymous_visitors(anonymous, directory):
    page = anonymous.client.get(DIRECTORY).content.decode()
    assert "Partner A Care" in page and "Mind Test" in page
    assert "Hidden Partner" not in page
    assert "Closed Partner" not in page


def test_directory_shows_partnership_records_to_signed_in_partners(member_a, directory):
    assert "Hidden Partner" in member_a.client.get(DIRECTORY).content.decode()


@pytest.mark.parametrize(
    "query, shown, not_shown",
    [
        ("q=mind", "Mind Test", "Partner A Care"),
        ("kind=private_provider", "Partner A Care", "Mind Test"),
        ("size_band=micro", "Mind Test", "Partner B Trust"),
        ("care_setting=mental_health", "Mind Test", "Partner A Care"),
    ],
)
def test_directory_filters_by_name_kind_size_and_care_setting(
    anonymous, directory, query, shown, not_shown
):
    page = anonymous.client.get(f"{DIRECTORY}?{query}").content.decode()
    assert shown in page and not_shown not in page


def test_directory_rejects_an_unknown_filter_value_with_the_error_beside_the_field(anonymous):
    response = anonymous.client.get(f"{DIRECTORY}?kind=spaceship")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'id="id_kind-error"' in page


def test_directory_rejects_an_overlong_search(anonymous):
    assert anonymous.client.get(f"{DIRECTORY}?q={'x' * 101}").status_code == 400


@pytest.mark.parametrize("page", ["99", "0", "abc", "-1"])
def test_directory_page_out_of_range_is_a_clear_404(anonymous, directory, page):
    response = anonymous.client.get(f"{DIRECTORY}?page={page}")
    assert response.status_code == 404
    assert "page" in response.content.decode().lower()


def test_directory_paginates_and_keeps_the_filters_in_the_links(anonymous):
    for n in range(30):
        factories.organisation(f"Home Care {n:02d}", kind=OrganisationKind.PRIVATE_PROVIDER)
    first = anonymous.client.get(f"{DIRECTORY}?kind=private_provider").content.decode()
    assert "30 organisations, page 1 of 2" in first
    assert "kind=private_provider&amp;page=2" in first
    second = anonymous.client.get(f"{DIRECTORY}?kind=private_provider&page=2").content.decode()
    assert "Home Care 29" in second


def test_htmx_request_gets_only_the_results_fragment(anonymous, directory):
    response = anonymous.client.get(DIRECTORY, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'id="organisation-results"' in page
    assert "<html" not in page


def test_directory_query_count_does_not_grow_with_the_number_of_partners(
    anonymous, django_assert_max_num_queries
):
    for n in range(40):
        factories.organisation(f"Partner {n:03d} Ltd", care_settings=[CareSetting.HOME_CARE])
    # The count, the page, the care settings, and the public version for the page cache.
    with django_assert_max_num_queries(4):
        assert anonymous.client.get(DIRECTORY).status_code == 200


def test_signed_in_directory_query_count_is_bounded(member_a, django_assert_max_num_queries):
    for n in range(40):
        factories.organisation(f"Partner {n:03d} Ltd")
    with django_assert_max_num_queries(7):
        assert member_a.client.get(DIRECTORY).status_code == 200


def test_anonymous_visitor_sees_no_contact_details_on_an_organisation_page(anonymous, partner_a):
    page = anonymous.client.get(partner_a.get_absolute_url()).content.decode()
    assert partner_a.contact_email not in page
    assert partner_a.contact_phone not in page
    assert "data-partnership-only" not in page


def test_anonymous_visitor_sees_people_but_not_their_contact_details(anonymous, partner_a):
    person = factories.person("carer", organisation=partner_a, job_title="Care lead")
    page = anonymous.client.get(partner_a.get_absolute_url()).content.decode()
    assert "Care lead" in page
    assert person.email not in page and person.phone not in page


def test_partner_member_sees_contact_details(member_b, partner_a):
    factories.person("carer", organisation=partner_a)
    page = member_b.client.get(partner_a.get_absolute_url()).content.decode()
    assert partner_a.contact_email in page
    assert "carer@example.je" in page


def test_a_partnership_only_organisation_is_not_found_for_anonymous_visitors(anonymous, member_a):
    hidden = factories.organisation("Hidden Partner", visibility=Visibility.PARTNERSHIP)
    assert anonymous.client.get(hidden.get_absolute_url()).status_code == 404
    assert member_a.client.get(hidden.get_absolute_url()).status_code == 200


def test_synthetic_values_are_labelled(anonymous):
    made_up = factories.organisation("Demo Partner", synthetic_fields=["size_band"])
    assert "Synthetic" in anonymous.client.get(made_up.get_absolute_url()).content.decode()


def test_organisation_page_query_count_is_bounded(
    member_a, partner_a, django_assert_max_num_queries
):
    for n in range(10):
        factories.person(f"staff{n}", organisation=partner_a)
    with django_assert_max_num_queries(7):
        assert member_a.client.get(partner_a.get_absolute_url()).status_code == 200
