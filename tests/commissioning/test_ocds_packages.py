"""Release and record packages: they validate against the OCDS 1.1.5 schemas (the extended
release package schema and the record package schema, from tests/fixtures), pass our own
checks, and their compiled releases equal ocdsmerge's; mutated packages are caught by our
checks; the API serves them (drafts are 404) and `joinedup export-ocds` writes the same."""

import copy
import json
from io import StringIO
from pathlib import Path

import ocdsmerge
import pytest
from django.core.management import CommandError, call_command

from joinedup.cli import ALIASES
from joinedup.commissioning.ocds import checks, packages
from joinedup.commissioning.ocds.merge import compile_releases
from joinedup.commissioning.ocds.validation import (
    validate_record_package,
    validate_release_package,
)

from . import ocds_factories as make

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[1] / "fixtures/standards/ocds-1.1.5/schema"
BASE = "http://testserver"


def release_schema() -> dict:
    package = json.loads((SCHEMAS / "extended-release-package-schema.json").read_text())
    return package["properties"]["releases"]["items"]


def assert_valid(process):
    """The process's two packages: schema-valid, clean by our checks, merged as ocdsmerge does."""
    release_package = packages.release_package(process, base_url=BASE)
    record_package = packages.record_package(process, base_url=BASE)
    assert validate_release_package(release_package, schema_dir=SCHEMAS) == []
    assert validate_record_package(record_package, schema_dir=SCHEMAS) == []
    assert checks.check_release_package(release_package, ocid=process.ocid) == []
    assert checks.check_record_package(record_package, ocid=process.ocid) == []
    merger = ocdsmerge.Merger(schema=release_schema())
    record = record_package["records"][0]
    assert record["compiledRelease"] == merger.create_compiled_release(release_package["releases"])
    return release_package, record_package


@pytest.fixture
def story():
    return make.tender(until="extended")


def test_every_stage_of_a_tender_validates_and_merges(story):
    release_package, record_package = assert_valid(story.process)
    assert len(release_package["releases"]) == len(story.releases) == 9
    compiled = record_package["records"][0]["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["id"] == f"{story.process.ocid}-{release_package['releases'][-1]['date']}"
    assert compiled["awards"][0]["status"] == "active"
    assert release_package["publishedDate"] == release_package["releases"][-1]["date"]
    assert release_package["uri"] == f"{BASE}/api/v1/ocds/releases/{story.process.ocid}"
    assert release_package["version"] == "1.1"


@pytest.mark.parametrize("until", ["published", "answered", "opened", "awarded", "contracted"])
def test_each_step_validates(until):
    assert_valid(make.tender(until=until).process)


def test_a_partnership_agreement_validates():
    assert_valid(make.partnership())


def test_our_merge_equals_ocdsmerge_when_objects_come_and_go():
    releases = [
        {
            "ocid": "ocds-x-1",
            "id": "1",
            "date": "2026-01-01T00:00:00.000000Z",
            "tag": ["tender"],
            "initiationType": "tender",
            "tender": {"id": "t", "lots": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]},
            "parties": [{"id": "p", "roles": ["buyer"], "name": "P"}],
        },
        {
            "ocid": "ocds-x-1",
            "id": "2",
            "date": "2026-01-02T00:00:00.000000Z",
            "tag": ["tenderUpdate"],
            "initiationType": "tender",
            "tender": {"id": "t", "lots": [{"id": "b", "title": "B2"}, {"id": "c"}]},
            "parties": [{"id": "p", "roles": ["buyer", "procuringEntity"]}],
        },
    ]
    merger = ocdsmerge.Merger(schema=release_schema())
    assert compile_releases(releases) == merger.create_compiled_release(releases)


# Our checks catch what schema validation misses


def _mutated(story, change):
    package = copy.deepcopy(packages.release_package(story.process, base_url=BASE))
    change(package["releases"][-1])
    return package


def _messages(problems) -> list[str]:
    return [str(problem) for problem in problems]


def test_a_missing_ocid_is_caught(story):
    package = _mutated(story, lambda release: release.pop("ocid"))
    problems = _messages(checks.check_release_package(package, ocid=story.process.ocid))
    assert "/releases/8/ocid: The release has no ocid." in problems


def test_an_ocid_not_the_packages_is_caught(story):
    package = _mutated(story, lambda release: release.update(ocid="ocds-other-1"))
    problems = _messages(checks.check_release_package(package, ocid=story.process.ocid))
    assert any(
        p.startswith("/releases/8/ocid: The release's ocid 'ocds-other-1'") for p in problems
    )


def test_an_award_to_a_party_not_listed_is_caught(story):
    def change(release):
        release["awards"][0]["suppliers"].append({"id": "JU-ORG-nobody", "name": "Nobody"})

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert (
        "/releases/8/awards/0/suppliers/2/id: Party 'JU-ORG-nobody' is not listed in parties."
        in (problems)
    )
    assert validate_release_package(_mutated(story, change), schema_dir=SCHEMAS) == []


def test_an_award_to_a_party_without_the_supplier_role_is_caught(story):
    buyer = story.process.buyer

    def change(release):
        release["awards"][0]["suppliers"].append({"id": f"JU-ORG-{buyer.slug}", "name": buyer.name})

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert any("without the role 'supplier'" in p for p in problems)


def test_an_unknown_lot_is_caught(story):
    def change(release):
        release["awards"][0]["relatedLots"] = ["lot-9"]
        release["bids"]["details"][0]["relatedLots"] = ["lot-9"]

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert "/releases/8/awards/0/relatedLots/0: Lot 'lot-9' is not one of the tender's lots." in (
        problems
    )
    assert any(p.startswith("/releases/8/bids/details/0/relatedLots/0:") for p in problems)


def test_references_to_missing_awards_and_bids_are_caught(story):
    def change(release):
        release["contracts"][0]["awardID"] = "no-such-award"
        release["awards"][0]["relatedBid"] = "no-such-bid"

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert "/releases/8/contracts/0/awardID: Award 'no-such-award' is not among the awards." in (
        problems
    )
    assert "/releases/8/awards/0/relatedBid: Bid 'no-such-bid' is not among the bids." in problems


@pytest.mark.parametrize("array", ["parties", "awards", "contracts", "documents", "lots"])
def test_duplicate_ids_are_caught(story, array):
    def change(release):
        items = release["tender"][array] if array in ("documents", "lots") else release[array]
        items.append(copy.deepcopy(items[0]))

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert any("Duplicate id" in p and f"/{array}/" in p for p in problems), problems


def test_duplicate_release_ids_and_releases_out_of_order_are_caught(story):
    package = copy.deepcopy(packages.release_package(story.process, base_url=BASE))
    package["releases"].append(copy.deepcopy(package["releases"][0]))
    problems = _messages(checks.check_release_package(package))
    assert any(p.startswith("/releases/9/id: Duplicate id") for p in problems)
    assert any(p.startswith("/releases/9/date: Releases out of date order") for p in problems)


def test_a_period_ending_before_it_starts_is_caught(story):
    def change(release):
        release["contracts"][0]["period"]["endDate"] = "2020-01-01T00:00:00Z"

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert "/releases/8/contracts/0/period/endDate: The period ends before it starts." in problems


def test_a_score_is_caught(story):
    def change(release):
        release["bids"]["details"][0]["score"] = 8

    problems = _messages(checks.check_release_package(_mutated(story, change)))
    assert any(
        p.startswith("/releases/8/bids/details/0/score: Evaluation scores") for p in problems
    )


def test_a_compiled_release_that_is_not_the_merge_is_caught(story):
    package = copy.deepcopy(packages.record_package(story.process, base_url=BASE))
    package["records"][0]["compiledRelease"]["tender"]["title"] = "Something else"
    problems = _messages(checks.check_record_package(package))
    assert problems == [
        "/records/0/compiledRelease: The compiled release is not the merge of the record's "
        "releases."
    ]


def test_schema_validation_catches_what_it_can(story):
    package = _mutated(story, lambda release: release.update(tag=["finished"]))
    assert any(
        error.startswith("/releases/8/tag/0:")
        for error in validate_release_package(package, schema_dir=SCHEMAS)
    )


# The API and the export command


def test_the_api_lists_published_processes_and_serves_their_packages(client, story):
    draft = make.process(title="A draft tender")
    partnership = make.partnership()
    listing = client.get("/api/v1/ocds/processes").json()
    assert {item["ocid"] for item in listing["items"]} == {story.process.ocid, partnership.ocid}
    assert draft.ocid not in json.dumps(listing)
    item = next(i for i in listing["items"] if i["ocid"] == story.process.ocid)
    assert item["releases"] == 9 and item["title"] == "Home care services"
    releases = client.get(item["release_package"])
    assert releases.status_code == 200
    assert releases.json() == packages.release_package(story.process, base_url=BASE)
    records = client.get(item["record_package"])
    assert records.json() == packages.record_package(story.process, base_url=BASE)
    assert validate_record_package(records.json(), schema_dir=SCHEMAS) == []


@pytest.mark.parametrize("kind", ["releases", "records"])
def test_a_draft_or_unknown_process_is_404(client, kind):
    draft = make.process()
    for ocid in (draft.ocid, "ocds-nothing-here"):
        response = client.get(f"/api/v1/ocds/{kind}/{ocid}")
        assert response.status_code == 404
        assert "no published contracting process" in response.json()["message"]


def test_export_writes_the_same_packages_as_the_api(client, story, tmp_path):
    partnership = make.partnership()
    out = StringIO()
    call_command("export_ocds", str(tmp_path / "ocds"), "--base-url", BASE, stdout=out)
    assert "Wrote 4 files for 2 contracting processes" in out.getvalue()
    for process in (story.process, partnership):
        for kind in ("release", "record"):
            written = json.loads(
                (tmp_path / "ocds" / f"{process.ocid}.{kind}-package.json").read_text()
            )
            served = client.get(f"/api/v1/ocds/{kind}s/{process.ocid}").json()
            assert written == served
    assert sorted(p.name for p in (tmp_path / "ocds").iterdir()) == sorted(
        f"{p.ocid}.{k}-package.json"
        for p in (story.process, partnership)
        for k in ("release", "record")
    )
    assert ALIASES["export-ocds"] == "export_ocds"


def test_export_refuses_a_bad_directory(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("export_ocds", str(a_file))
    with pytest.raises(CommandError, match="does not exist, and neither does its parent"):
        call_command("export_ocds", str(tmp_path / "no" / "such"))
    with pytest.raises(CommandError, match="--base-url must be an http"):
        call_command("export_ocds", str(tmp_path), "--base-url", "ftp://x")


def test_a_record_with_a_missing_or_foreign_ocid_is_caught(story):
    package = copy.deepcopy(packages.record_package(story.process, base_url=BASE))
    package["records"][0]["compiledRelease"].pop("ocid")
    problems = _messages(checks.check_record_package(package, ocid=story.process.ocid))
    assert "/records/0/compiledRelease/ocid: The release has no ocid." in problems
    package = copy.deepcopy(packages.record_package(story.process, base_url=BASE))
    package["records"][0]["ocid"] = "ocds-other-2"
    problems = _messages(checks.check_record_package(package, ocid=story.process.ocid))
    assert "/records/0/ocid: The record's ocid 'ocds-other-2' is not " in problems[0]


@pytest.mark.parametrize(
    "package",
    [
        {"releases": [{"tender": "x", "awards": "y", "parties": [1], "bids": []}]},
        {"releases": ["not a release", {"ocid": "a", "date": "yesterday"}]},
        {"records": [{"compiledRelease": "x", "releases": "y"}]},
        {"records": [{"ocid": "a", "releases": [{"url": "https://x.example/1"}]}]},
    ],
)
def test_our_checks_report_rather_than_crash_on_malformed_packages(package):
    check = checks.check_record_package if "records" in package else checks.check_release_package
    assert check(package)
