"""The Django admin: staff only, and every change it makes is audited."""

import pytest

from joinedup.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_admin_change_to_an_organisation_is_audited(admin, partner_a):
    form = {
        "name": partner_a.name, "slug": partner_a.slug, "short_name": "", "kind": partner_a.kind,
        "size_band": "medium", "description": "", "website": "", "is_active": "on",
        "visibility": "public", "contact_email": "", "contact_phone": "", "synthetic_fields": "[]",
        "care_settings-TOTAL_FORMS": "0", "care_settings-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = admin.client.post(f"/admin/core/organisation/{partner_a.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="organisation.changed_in_admin")
    assert "size_band" in entry.data


def test_superuser_status_cannot_be_set_in_the_admin_form(admin, member_a):
    user = member_a.person.user
    page = admin.client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page


def test_the_audit_log_cannot_be_edited_in_the_admin(admin):
    assert admin.client.get("/admin/core/auditentry/add/").status_code == 403


def test_partner_members_cannot_open_the_admin(member_a):
    response = member_a.client.get("/admin/core/organisation/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]
