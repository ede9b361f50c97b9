"""Acceptance over the demo: every OCDS package the demo produces validates against the OCDS
1.1.5 schemas, passes our own checks, has its compiled release equal to ocdsmerge's, has its
release dates strictly increasing, never carries an evaluation score or a bid's content, and is
the same from the API as from `joinedup export-ocds`."""

import json
from pathlib import Path

import ocdsmerge
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from joinedup.commissioning import demo as commissioning_demo
from joinedup.commissioning.models import Bid, ContractingProcess, ModeratedScore, Score
from joinedup.commissioning.ocds import build, checks, packages
from joinedup.commissioning.ocds.dates import parse
from joinedup.commissioning.ocds.validation import (
    validate_record_package,
    validate_release_package,
)
from joinedup.core import demo as core_demo
from joinedup.governance import demo as governance_demo
from joinedup.outcomes import demo as outcomes_demo
from joinedup.programme import demo as programme_demo

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures/standards/ocds-1.1.5/schema"
BASE = "http://testserver"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demos loaded once, in the order `joinedup demo` loads them; rolled back at the end."""
    tmp = tmp_path_factory.mktemp("demo")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        core_demo.load(logins_file=tmp / "logins.txt")
        governance_demo.load()
        programme_demo.load()
        outcomes_demo.load()
        commissioning_demo.load()
        published = packages.published_processes()
        yield {
            process.ocid: (
                packages.release_package(process, base_url=BASE),
                packages.record_package(process, base_url=BASE),
            )
            for process in published
        }
        transaction.set_rollback(True)


def release_schema() -> dict:
    package = json.loads((SCHEMAS / "extended-release-package-schema.json").read_text())
    return package["properties"]["releases"]["items"]


def test_the_demo_publishes_its_contracting_processes(demo):
    assert demo, "the commissioning demo publishes no contracting process"
    for process in ContractingProcess.objects.all():
        if build.is_published(process):
            assert process.ocid in demo, f"{process} is published but has no release"
        else:
            assert process.ocid not in demo
    tags = {tag for release_package, _ in demo.values() for r in release_package["releases"]
            for tag in r["tag"]}  # fmt: skip
    assert "tender" in tags


def test_every_package_validates_against_the_schemas(demo):
    for ocid, (release_package, record_package) in demo.items():
        assert validate_release_package(release_package, schema_dir=SCHEMAS) == [], ocid
        assert validate_record_package(record_package, schema_dir=SCHEMAS) == [], ocid


def test_every_package_passes_our_checks(demo):
    for ocid, (release_package, record_package) in demo.items():
        assert checks.check_release_package(release_package, ocid=ocid) == []
        assert checks.check_record_package(record_package, ocid=ocid) == []


def test_compiled_releases_equal_ocdsmerge(demo):
    merger = ocdsmerge.Merger(schema=release_schema())
    for release_package, record_package in demo.values():
        record = record_package["records"][0]
        assert record["compiledRelease"] == merger.create_compiled_release(
            release_package["releases"]
        )


def test_release_dates_strictly_increase(demo):
    for release_package, _ in demo.values():
        dates = [parse(release["date"]) for release in release_package["releases"]]
        assert all(later > earlier for earlier, later in zip(dates, dates[1:], strict=False))
        ids = [release["id"] for release in release_package["releases"]]
        assert len(ids) == len(set(ids))


def test_no_score_or_bid_content_is_ever_published(demo):
    text = json.dumps(list(demo.values())).lower()
    assert "score" not in text and "moderat" not in text
    secrets = [s.rationale for s in Score.objects.all()]
    secrets += [m.reason for m in ModeratedScore.objects.all()]
    for bid in Bid.objects.all():
        secrets += [bid.approach, bid.organisation_summary, bid.contact_email]
        if not hasattr(bid, "award"):  # an award's value is public, and may be the bid's price
            secrets.append(f'"amount": {float(bid.price)}')
    for secret in secrets:
        if secret and len(secret) > 6:
            assert secret.lower() not in text, secret


def test_the_api_and_the_export_give_the_same_packages(demo, client, tmp_path):
    call_command("export_ocds", str(tmp_path), "--base-url", BASE)
    listing = client.get("/api/v1/ocds/processes?page_size=100").json()
    assert {item["ocid"] for item in listing["items"]} == set(demo)
    for ocid, (release_package, record_package) in demo.items():
        stem = ocid.replace("/", "_")
        assert json.loads((tmp_path / f"{stem}.release-package.json").read_text()) == (
            client.get(f"/api/v1/ocds/releases/{ocid}").json()
        ) == release_package  # fmt: skip
        assert json.loads((tmp_path / f"{stem}.record-package.json").read_text()) == (
            client.get(f"/api/v1/ocds/records/{ocid}").json()
        ) == record_package  # fmt: skip
