"""One visibility rule for every record: public, partnership-only, or restricted to partners."""

import pytest

from joinedup.core.access import ANONYMOUS, viewer_for
from joinedup.core.choices import StaffRole, Visibility
from joinedup.core.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a, partner_b):
    return {
        "public": factories.organisation("Open House"),
        "partnership": factories.organisation("Inner Circle", visibility=Visibility.PARTNERSHIP),
        "restricted to A": factories.organisation(
            "Closed Room", visibility=Visibility.RESTRICTED, restricted_to=[partner_a]
        ),
    }


def _visible_names(viewer) -> set[str]:
    return set(Organisation.objects.visible_to(viewer).values_list("name", flat=True))


def test_anonymous_visitor_sees_only_public_records(records):
    names = _visible_names(ANONYMOUS)
    assert "Open House" in names
    assert "Inner Circle" not in names and "Closed Room" not in names


def test_partner_member_sees_partnership_records_but_not_records_restricted_to_others(
    records, partner_a, partner_b
):
    member_b = factories.person("b1", organisation=partner_b)
    names = _visible_names(viewer_for(member_b.user))
    assert {"Open House", "Inner Circle"} <= names
    assert "Closed Room" not in names


def test_member_of_named_partner_sees_the_restricted_record(records, partner_a):
    member_a = factories.person("a1", organisation=partner_a)
    assert "Closed Room" in _visible_names(viewer_for(member_a.user))


def test_staff_without_the_named_partner_do_not_see_restricted_records(records, government):
    pmo = factories.person("p1", organisation=government, roles=[StaffRole.PMO])
    names = _visible_names(viewer_for(pmo.user))
    assert "Inner Circle" in names and "Closed Room" not in names


def test_admin_sees_everything(records, government):
    admin = factories.person("root", organisation=government, roles=[StaffRole.ADMIN])
    assert {"Open House", "Inner Circle", "Closed Room"} <= _visible_names(viewer_for(admin.user))


def test_people_of_an_inactive_organisation_are_not_partners(records):
    gone = factories.organisation("Gone Ltd", is_active=False)
    former = factories.person("former", organisation=gone)
    viewer = viewer_for(former.user)
    assert not viewer.is_partner
    assert "Inner Circle" not in _visible_names(viewer)


def test_a_record_restricted_to_several_partners_is_listed_once(partner_a, partner_b):
    factories.organisation(
        "Shared Room", visibility=Visibility.RESTRICTED, restricted_to=[partner_a, partner_b]
    )
    member_a = factories.person("a2", organisation=partner_a)
    names = list(
        Organisation.objects.visible_to(viewer_for(member_a.user)).values_list("name", flat=True)
    )
    assert names.count("Shared Room") == 1
