"""The admin for outcomes: reference data changes audited, a mapping saved through its checks,
figures and import batches read-only."""

import json

import pytest

from joinedup.core.models import AuditEntry
from joinedup.outcomes.models import ImportMapping

pytestmark = pytest.mark.django_db
PAGES = ["theme", "priorityarea", "subject", "indicator", "importmapping", "importbatch",
         "observation", "plan"]  # fmt: skip


@pytest.mark.parametrize("model", PAGES)
def test_each_outcomes_list_opens_for_an_administrator(admin, setting, model):
    assert admin.client.get(f"/admin/outcomes/{model}/").status_code == 200


def test_an_indicator_page_shows_its_versions_and_keeps_its_definition_read_only(admin, setting):
    page = admin.client.get(f"/admin/outcomes/indicator/{setting.indicator.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200 and "What IND measures." in text
    assert 'name="definition"' not in text and 'name="name"' in text


def test_figures_and_import_batches_cannot_be_added_in_the_admin(admin, setting):
    for model in ("observation", "plan", "importbatch", "indicator"):
        assert admin.client.get(f"/admin/outcomes/{model}/add/").status_code == 403


def test_a_mapping_added_in_the_admin_is_checked_and_audited(admin, setting):
    spec = {"subject": "code", "period": "period", "indicator": "NOPE", "numerator": "n"}
    form = {"name": "from-admin", "description": "", "spec": json.dumps(spec)}
    page = admin.client.post("/admin/outcomes/importmapping/add/", form)
    assert page.status_code == 200 and "does not exist" in page.content.decode()
    assert not ImportMapping.objects.filter(name="from-admin").exists()
    form["spec"] = json.dumps({**spec, "indicator": "IND"})
    assert admin.client.post("/admin/outcomes/importmapping/add/", form).status_code == 302
    assert ImportMapping.objects.get(name="from-admin").spec["indicator"] == "IND"
    assert AuditEntry.objects.filter(action="import_mapping.created").count() == 2


def test_partner_members_cannot_open_the_outcomes_admin(member_a, setting):
    assert member_a.client.get("/admin/outcomes/indicator/").status_code == 302
