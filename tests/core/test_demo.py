"""The Jersey Care Model demo: the seed's partners and departments, personas, idempotent."""

import pytest
from django.contrib.auth import get_user_model

from joinedup.core import demo
from joinedup.core.audit import verify_chain
from joinedup.core.choices import OrganisationKind
from joinedup.core.models import AuditEntry, Organisation, OrganisationCareSetting, Person

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, OrganisationCareSetting, Person, AuditEntry, get_user_model())
    }


def test_the_demo_loads_every_co_design_partner_and_department(tmp_path):
    demo.load(logins_file=tmp_path / "logins.txt")
    names = set(Organisation.objects.values_list("name", flat=True))
    assert len(demo.CO_DESIGN_PARTNERS) == 34
    assert {name for name, *_ in demo.CO_DESIGN_PARTNERS} <= names
    departments = Organisation.objects.filter(
        kind__in=[OrganisationKind.GOVERNMENT_DEPARTMENT, OrganisationKind.HEALTH_SERVICE]
    )
    assert set(departments.values_list("short_name", flat=True)) == {
        "HCS", "PH", "CYPES", "CLS", "SPPP"
    }  # fmt: skip
    assert Organisation.objects.count() == 39


def test_running_the_demo_twice_changes_nothing(tmp_path):
    demo.load(logins_file=tmp_path / "logins.txt")
    before = _counts()
    logins = (tmp_path / "logins.txt").read_text()
    demo.load(logins_file=tmp_path / "logins.txt")
    assert _counts() == before
    assert (tmp_path / "logins.txt").read_text() == logins


def test_generated_figures_are_the_same_every_time_and_labelled_synthetic(tmp_path):
    demo.load(logins_file=tmp_path / "logins.txt")
    mind = Organisation.objects.get(name="Mind Jersey")
    assert "size_band" in mind.synthetic_fields
    assert mind.size_band == demo.synthetic_details("Mind Jersey", mind.kind)["size_band"]


def test_every_persona_can_sign_in_with_the_written_password(tmp_path, client):
    demo.load(logins_file=tmp_path / "logins.txt")
    rows = [line.split("\t") for line in (tmp_path / "logins.txt").read_text().splitlines()]
    assert {row[0] for row in rows} == {p[0] for p in demo.PERSONAS}
    username, password, _ = rows[0]
    response = client.post("/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_the_demo_is_loaded_through_audited_services(tmp_path):
    demo.load(logins_file=tmp_path / "logins.txt")
    assert AuditEntry.objects.filter(action="organisation.registered").count() == 39
    assert verify_chain().ok
