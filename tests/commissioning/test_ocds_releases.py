"""Emitting OCDS releases: append-only, dates strictly increasing per process, nothing before
publication, and only what the public may read: no scores, no bid content before or after the
deadline, no bidders before it, no askers, no unanswered questions."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.commissioning.models import Release
from joinedup.commissioning.ocds import build
from joinedup.commissioning.ocds.releases import emit
from joinedup.core.audit_models import AuditEntry

from . import ocds_factories as make

pytestmark = pytest.mark.django_db


def _text(release) -> str:
    return json.dumps(release.data)


def test_a_draft_process_publishes_nothing():
    process = make.process()
    assert emit(process, tags=["planning"], at=make.at(0)) is None
    assert not Release.objects.exists()


def test_publishing_emits_a_tender_release_with_the_notice():
    story = make.tender(until="published")
    (release,) = story.releases
    data = release.data
    assert release.release_id == f"{story.process.ocid}-0001" == data["id"]
    assert data["ocid"] == story.process.ocid and data["tag"] == ["tender"]
    tender = data["tender"]
    assert tender["status"] == "active"
    assert tender["tenderPeriod"] == {
        "startDate": "2026-01-05T09:00:00Z",
        "endDate": "2026-02-02T09:00:00Z",
    }
    assert tender["enquiryPeriod"]["endDate"] == "2026-01-19T09:00:00Z"
    assert tender["suitability"] == {"sme": True, "vcse": True}
    (lot,) = tender["lots"]
    weights = {c["name"]: c["numbers"][0]["number"] for c in lot["awardCriteria"]["criteria"]}
    assert weights == {"Quality": 60, "Social value": 10, "Price": 30}
    assert tender["documents"][0]["url"] == "https://www.gov.je/home-care-specification.pdf"
    roles = {party["name"]: party["roles"] for party in data["parties"]}
    assert roles[story.process.buyer.name] == ["buyer", "procuringEntity"]
    assert "bids" not in data and "tenderers" not in tender


def test_release_dates_strictly_increase_even_when_the_clock_does_not():
    process = make.process(published_at=make.at(0))
    first = emit(process, tags=["tender"], at=make.at(1))
    same = emit(process, tags=["tenderUpdate"], at=make.at(1))
    earlier = emit(process, tags=["tenderUpdate"], at=make.at(0))
    assert same.date == first.date + timedelta(microseconds=1)
    assert earlier.date == same.date + timedelta(microseconds=1)
    dates = [r.data["date"] for r in Release.objects.filter(process=process)]
    assert dates == sorted(dates) and len(set(dates)) == 3
    assert dates[1] == "2026-01-06T09:00:00.000001Z"
    assert [r.sequence for r in Release.objects.filter(process=process)] == [1, 2, 3]


def test_the_clock_is_read_when_no_time_is_given():
    process = make.process(published_at=make.at(0))
    with mock.patch("django.utils.timezone.now", return_value=make.at(3)):
        release = emit(process, tags=["tender"])
    assert release.data["date"] == "2026-01-08T09:00:00.000000Z"


def test_releases_are_append_only():
    story = make.tender(until="published")
    release = story.releases[0]
    release.data = {"tampered": True}
    with pytest.raises(PermissionError):
        release.save()
    with pytest.raises(PermissionError):
        release.delete()
    with pytest.raises(PermissionError):
        Release.objects.filter(pk=release.pk).update(data={})
    with pytest.raises(PermissionError):
        Release.objects.all().delete()
    release.refresh_from_db()
    assert release.data["id"] == release.release_id


def test_each_release_is_audited():
    story = make.tender(until="answered")
    entries = AuditEntry.objects.filter(action="ocds_release.emitted")
    assert entries.count() == len(story.releases) == 2
    assert json.loads(entries.last().data)["tags"] == ["tenderUpdate"]


@pytest.mark.parametrize("tags", [[], ["compiled"], ["tender", "published"]])
def test_tags_must_be_release_tags(tags):
    process = make.process(published_at=make.at(0))
    with pytest.raises(ValidationError) as refused:
        emit(process, tags=tags, at=make.at(1))
    assert "tags" in refused.value.message_dict
    assert not Release.objects.exists()


def test_questions_are_published_with_answers_but_not_who_asked():
    story = make.tender(until="answered")
    data = story.releases[-1].data
    enquiries = data["tender"]["enquiries"]
    assert [e["answer"] for e in enquiries] == ["Yes: one member leads and signs the contract."]
    assert enquiries[0]["dateAnswered"] == "2026-01-10T09:00:00Z"
    assert "author" not in enquiries[0]
    assert "Small Steps Charity" not in _text(story.releases[-1])


def test_an_unanswered_question_is_not_published():
    story = make.tender(until="answered")
    question = story.process.questions.first()
    make.Question.objects.create(
        process=story.process, text="Still waiting", asked_by=question.asked_by, asked_at=make.at(6)
    )
    release = emit(story.process, tags=["tenderUpdate"], at=make.at(7))
    assert "Still waiting" not in _text(release)
    assert release.data["tender"]["hasEnquiries"] is True


def test_bids_are_sealed_until_the_deadline_then_only_who_bid_is_published():
    story = make.tender(until="bids")
    before = emit(story.process, tags=["tenderUpdate"], at=make.at(27))
    assert "bids" not in before.data and "tenderers" not in before.data["tender"]
    assert "Community Carers Jersey" not in _text(before)
    after = emit(story.process, tags=["tenderUpdate"], at=make.at(28))
    bids = after.data["bids"]
    assert {s["id"]: s["value"] for s in bids["statistics"]}["bids"] == 2
    assert {s["id"]: s["value"] for s in bids["statistics"]}["smeBids"] == 1
    consortium = bids["details"][1]
    assert [t["name"] for t in consortium["tenderers"]] == [
        "Community Carers Jersey",
        "Neighbours Together",
    ]
    assert consortium["relatedLots"] == ["lot-1"]
    text = _text(after)
    for secret in ("SEALED-SUMMARY", "SEALED-APPROACH", "2300000", "2400000", "bids@example.je"):
        assert secret not in text
    assert after.data["tender"]["numberOfTenderers"] == 3


def test_an_unanswered_question_holds_the_deadline_and_the_bids_stay_sealed():
    story = make.tender(until="bids")
    question = story.process.questions.first()
    make.Question.objects.create(
        process=story.process,
        text="Late question",
        asked_by=question.asked_by,
        asked_at=make.at(27),
    )
    release = emit(story.process, tags=["tenderUpdate"], at=make.at(30))
    assert "bids" not in release.data


def test_no_score_moderation_or_evaluator_is_ever_published():
    story = make.tender(until="extended")
    evaluators = [e.person.user.get_full_name() for e in story.process.evaluators.all()]
    for release in story.releases:
        text = _text(release).lower()
        assert "score" not in text and "moderat" not in text and "evaluator" not in text
        assert "secret-rationale" not in text and "secret-moderation" not in text
        for name in evaluators:
            assert name.lower() not in text


def test_award_is_pending_in_standstill_then_active():
    story = make.tender(until="confirmed")
    awarded, confirmed = story.releases[-2].data, story.releases[-1].data
    assert awarded["awards"][0]["status"] == "pending"
    assert awarded["awards"][0]["standstillPeriod"] == {
        "startDate": "2026-02-19T09:00:00Z",
        "endDate": "2026-03-01T09:00:00Z",
    }
    assert confirmed["awards"][0]["status"] == "active"
    assert confirmed["tender"]["status"] == "complete"
    suppliers = [s["name"] for s in confirmed["awards"][0]["suppliers"]]
    assert suppliers == ["Community Carers Jersey", "Neighbours Together"]
    assert confirmed["awards"][0]["relatedBid"] == str(story.bids[1].pk)


def test_contract_with_kpis_returns_variations_and_extensions():
    story = make.tender(until="extended")
    data = story.releases[-1].data
    (contract,) = data["contracts"]
    assert contract["awardID"] == str(story.award.pk)
    assert contract["status"] == "active" or contract["status"] == "terminated"
    assert contract["period"] == {
        "startDate": "2026-04-01T00:00:00Z",
        "endDate": "2030-03-31T23:59:59Z",
    }
    assert contract["value"] == {"amount": 2350000.0, "currency": "GBP"}
    assert contract["hasRenewal"] is True and contract["renewal"]["maximumRenewals"] == 2
    assert contract["agreedMetrics"][0]["observations"][0]["measure"] == 95.0
    (metric,) = contract["implementation"]["metrics"]
    # Only the validated return is published; the one awaiting validation is not.
    assert [o["measure"] for o in metric["observations"]] == [96.5]
    assert metric["observations"][0]["period"]["endDate"] == "2026-06-30T23:59:59Z"
    assert [a["rationale"] for a in contract["amendments"]] == [
        "Demand for evening care rose.",
        "KPIs met throughout the initial term.",
    ]
    roles = {p["name"]: (p["roles"], p.get("roleDetails")) for p in data["parties"]}
    assert roles["Neighbours Together"] == (
        ["tenderer", "supplier", "interestedParty"],
        "Sub-contractor",
    )


def test_a_partnership_agreement_is_published_by_its_contract():
    process = make.partnership()
    (release,) = Release.objects.filter(process=process)
    assert build.is_published(process)
    assert release.data["tender"]["procurementMethod"] == "direct"
    assert release.data["tender"]["status"] == "complete"
    details = {p["name"]: p.get("roleDetails") for p in release.data["parties"]}
    assert details["Befrienders"] == "Partnership member (opted out on 1 June 2026)"


def test_a_restricted_process_is_never_published():
    process = make.process(published_at=make.at(0), visibility="partnership")
    assert emit(process, tags=["tender"], at=make.at(0)) is None


def test_an_uploaded_document_links_to_its_download_page_when_the_address_is_known(
    settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    process = make.process(published_at=make.at(0))
    document = make.NoticeDocument.objects.create(
        process=process,
        title="Pricing schedule",
        file=SimpleUploadedFile("pricing.xlsx", b"xlsx"),
        added_at=make.at(0),
    )
    without = emit(process, tags=["tender"], at=make.at(0))
    assert "url" not in without.data["tender"]["documents"][0]
    monkeypatch.setenv("JOINEDUP_PUBLIC_URL", "https://joinedup.example.je/")
    linked = emit(process, tags=["tenderAmendment"], at=make.at(1))
    assert linked.data["tender"]["documents"][0]["url"] == (
        f"https://joinedup.example.je/tenders/{process.slug}/documents/{document.pk}/"
    )
