"""The programme office's settings in the admin: audited, and refused when out of bounds."""

import pytest

from joinedup.core.models import AuditEntry
from joinedup.programme.models import Tolerance

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "page", ["programme", "workstream", "project", "tolerance", "riskappetite", "fundingsource"]
)
def test_the_admin_lists_the_programme_settings(admin, delivery, page):
    assert admin.client.get(f"/admin/programme/{page}/").status_code == 200


def _change(admin, tolerance, limit):
    form = {"programme": tolerance.programme_id, "project": "", "dimension": tolerance.dimension,
            "limit": limit}  # fmt: skip
    return admin.client.post(f"/admin/programme/tolerance/{tolerance.pk}/change/", form)


def test_a_tolerance_changed_in_the_admin_is_audited(admin, delivery):
    tolerance = Tolerance.objects.get(dimension="cost", project__isnull=True)
    assert _change(admin, tolerance, "7.50").status_code == 302
    assert AuditEntry.objects.filter(action="tolerance.changed_in_admin").exists()


def test_a_negative_tolerance_is_refused_in_the_admin(admin, delivery):
    tolerance = Tolerance.objects.get(dimension="cost", project__isnull=True)
    response = _change(admin, tolerance, "-1")
    assert response.status_code == 200
    tolerance.refresh_from_db()
    assert tolerance.limit == 5


def test_returns_and_reports_are_not_in_the_admin(admin):
    assert admin.client.get("/admin/programme/monthlyreturn/").status_code == 404
