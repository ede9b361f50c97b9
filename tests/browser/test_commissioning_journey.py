"""A tender from notice to final award, in the browser: the commissioner publishes a notice and
appoints three evaluators; a small partner (Mind Jersey) asks a question and the answer is
public; two providers bid, Mind Jersey as the lead of a consortium of small partners and Tutela
alone; the commissioner cannot open the bids before the deadline; the deadline passes; the
bids are opened; three evaluators declare no conflict and score on their own; the commissioner
moderates and awards; the standstill holds the award until it ends, then it is final; the
commissioner makes the 3 + 2 contract; Mind Jersey, its lead provider, submits a KPI return, the
commissioner validates it, and it appears on Mind Jersey's outcomes dashboard. axe-core checks
every page the journey visits.

How time passes. A browser test may not touch the ORM (see tests/browser/conftest.py), and the
services refuse to move a deadline into the past, so the test moves the clock instead: the
procurement modules' `timezone` is replaced by a clock that is `offset` ahead of the real one
(the patch of `timezone.now` in the modules under test that the brief allows). The live server
runs in this process, so its requests see the same clock. Nothing is written to the database
behind the pages' back.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone as real_timezone
from django.utils.text import slugify
from playwright.sync_api import Page, expect

from joinedup.commissioning.models import procurement as models
from joinedup.commissioning.queries import procurement as queries
from joinedup.commissioning.services import contracts as contract_services
from joinedup.commissioning.services import plans
from joinedup.commissioning.services import procurement as services
from joinedup.commissioning.views import contracts as contract_views
from joinedup.commissioning.views import procurement as views
from joinedup.core.choices import OrganisationKind
from joinedup.core.models import Organisation
from tests import factories
from tests.commissioning import contracts_factories
from tests.commissioning import procurement_factories as make

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
TITLE = "Home care at night"
SPECIFICATION = "Night-time home care"
KPI = "Night visits made on time"
EVALUATORS = [("eval.one", "Eve", "Ahier"), ("eval.two", "Evan", "Bisson"),
              ("eval.three", "Eva", "Coutanche")]  # fmt: skip


class Clock:
    """`django.utils.timezone` with a clock that runs `offset` ahead."""

    def __init__(self):
        self.offset = timedelta(0)

    def now(self):
        return real_timezone.now() + self.offset

    def __getattr__(self, name):
        return getattr(real_timezone, name)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    for module in (models, services, queries, views, contract_services, contract_views):
        monkeypatch.setattr(module, "timezone", clock)
    return clock


@pytest.fixture
def journey(site, settings, tmp_path):
    """The home care service area and three evaluators of Health and Community Services, made
    before the browser starts (no ORM after)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    area = make.home_care_area()
    kpi = contracts_factories.kpi_indicator(code="HC-NIGHT", name=KPI)
    plans.create_specification(
        title=SPECIFICATION, service_area=area, service_description="Home care at night.",
        outcomes=["Islanders are safe at home overnight."],
        kpis=[plans.KpiIn(indicator=kpi, target=90.0)],
    )  # fmt: skip
    hcs = Organisation.objects.get(kind=OrganisationKind.HEALTH_SERVICE)
    for username, first, last in EVALUATORS:
        factories.person(username, organisation=hcs, first_name=first, last_name=last,
                         password=PASSWORD)  # fmt: skip
    return slugify(TITLE)


def _sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def _local(moment) -> str:
    return real_timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_tender_runs_from_notice_to_a_kpi_return_on_the_outcomes_dashboard(
    journey, clock: Clock, page: Page, axe, site, sign_in_as
):
    slug = journey
    now = real_timezone.now()

    # The commissioner writes and publishes the notice, and appoints three evaluators.
    sign_in_as(page, "commissioner")
    page.goto("/tenders/")
    axe(page, "Find a tender, for a commissioner")
    page.get_by_role("link", name="Create a notice").click()
    axe(page, "the notice form")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("What is being bought").fill("Night-time home care in St Helier.")
    page.get_by_label("Service area").select_option(label="Home care (test)")
    page.get_by_label("Service specification").select_option(label=SPECIFICATION)
    page.get_by_label("Estimated value, in pounds").fill("80000")
    page.get_by_label("Suitable for small providers").check()
    page.get_by_label("Suitable for voluntary-sector providers").check()
    page.get_by_label("Award criteria and weights").fill("Quality of care | 70\nPrice | 20")
    for label, days in (
        ("Clarification deadline", 1),
        ("Submission deadline", 2),
        ("Evaluation ends", 10),
        ("Award date", 12),
        ("Standstill ends", 23),
    ):
        page.get_by_label(label).fill(_local(now + timedelta(days=days)))  # fmt: skip
    page.get_by_role("button", name="Save the draft notice").click()
    expect(page.get_by_text("they add up to 90").first).to_be_visible()
    axe(page, "the notice form refused: weights summing to 90")
    page.get_by_label("Award criteria and weights").fill("Quality of care | 70\nPrice | 30")
    page.get_by_role("button", name="Save the draft notice").click()
    expect(page.get_by_text("The notice is saved as a draft")).to_be_visible()
    axe(page, "the management page of a draft")
    page.get_by_role("button", name="Publish the notice").click()
    expect(page.get_by_text("The notice is published.")).to_be_visible()
    for _username, first, last in EVALUATORS:
        page.get_by_label("Evaluator", exact=True).select_option(
            label=f"{first} {last}, Health and Community Services"
        )
        page.get_by_role("button", name="Appoint the evaluator").click()
        expect(page.get_by_text("The evaluator is appointed.")).to_be_visible()
    axe(page, "the management page of a published notice")
    _sign_out(page)

    # A small partner asks a question.
    sign_in_as(page, "voluntary")
    page.goto("/tenders/")
    page.get_by_role("link", name=TITLE).click()
    axe(page, "the notice, for a partner")
    page.get_by_role("link", name="Ask a question").click()
    axe(page, "the question form")
    page.get_by_label("Your question").fill("May small charities bid together as a consortium?")
    page.get_by_role("button", name="Send the question").click()
    expect(page.get_by_text("Your questions awaiting an answer")).to_be_visible()
    _sign_out(page)

    # The commissioner answers it, in public.
    sign_in_as(page, "commissioner")
    page.goto(f"/tenders/{slug}/manage/")
    page.get_by_role("link", name=re.compile("Answer this question")).click()
    axe(page, "the answer form")
    page.get_by_label("Answer", exact=True).fill(
        "Yes: one of you leads and lists the other members."
    )
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.get_by_text("The answer is published.")).to_be_visible()
    _sign_out(page)
    page.goto(f"/tenders/{slug}/")
    expect(page.get_by_text("May small charities bid together as a consortium?")).to_be_visible()
    expect(page.get_by_text("Yes: one of you leads")).to_be_visible()
    expect(page.get_by_text("Mind Jersey")).to_have_count(0)  # who asked is not published
    axe(page, "the notice with its public answer, for a visitor")

    # Two providers bid: Tutela alone, Mind Jersey leading a consortium of small partners.
    sign_in_as(page, "provider")
    page.goto(f"/tenders/{slug}/")
    page.get_by_role("link", name="Prepare a bid").click()
    axe(page, "the bid form, pre-filled")
    expect(page.get_by_label("Contact name")).to_have_value("Pat Querée")
    page.get_by_label("How you will deliver the service").fill("Two carers a round, nurse led.")
    page.get_by_label("Price, in pounds").fill("76000")
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.get_by_text("Your bid is submitted.")).to_be_visible()
    axe(page, "the bidder's own bid")
    _sign_out(page)
    sign_in_as(page, "voluntary")
    page.goto(f"/tenders/{slug}/bids/new/")
    page.get_by_label("Listening Lounge").check()
    page.get_by_label("MyVoice").check()
    page.get_by_label("How you will deliver the service").fill("Neighbourhood teams and calls.")
    page.get_by_label("Price, in pounds").fill("79000")
    page.get_by_role("button", name="Submit the bid").click()
    expect(page.get_by_text("Listening Lounge, MyVoice")).to_be_visible()
    _sign_out(page)

    # The commissioner cannot open the bids before the deadline.
    sign_in_as(page, "commissioner")
    page.goto(f"/tenders/{slug}/manage/")
    expect(
        page.get_by_text("2 bids received, sealed until the submission deadline")
    ).to_be_visible()
    page.get_by_role("button", name="Open the bids").click()
    expect(page.get_by_text("The bids are sealed until the submission deadline")).to_be_visible()
    axe(page, "the refusal to open the bids early")

    # The deadline passes; the bids are opened.
    clock.offset = timedelta(days=3)
    page.goto(f"/tenders/{slug}/manage/")
    page.get_by_role("button", name="Open the bids").click()
    expect(page.get_by_text("The bids are open for evaluation.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Mind Jersey, leading"))).to_be_visible()
    _sign_out(page)

    # Three evaluators declare no conflict and score each bid on their own.
    for number, (username, _first, _last) in enumerate(EVALUATORS):
        _sign_in(page, username, PASSWORD)
        page.goto(f"/tenders/{slug}/evaluation/")
        if number == 0:
            axe(page, "the evaluator's declaration")
        page.get_by_label("No, I have no conflict of interest").check()
        page.get_by_role("button", name="Make the declaration").click()
        expect(page.get_by_text("Your declaration is recorded.")).to_be_visible()
        for lead, quality in (("Mind Jersey", "8"), ("Tutela", "6")):
            page.get_by_role("link", name=re.compile(f"Score the bid from {lead}")).click()
            if number == 0 and lead == "Mind Jersey":
                axe(page, "the scoring form")
            page.get_by_label("Quality of care (70%): score").select_option(quality)
            page.get_by_label("Quality of care: Rationale").fill(f"Evaluator {number + 1}.")
            page.get_by_label("Price (30%): score").select_option("7")
            page.get_by_label("Price: Rationale").fill("Within the budget.")
            page.get_by_role("button", name="Save your scores").click()
            expect(
                page.get_by_text(f"Your scores of the bid from {lead} are saved.")
            ).to_be_visible()
        _sign_out(page)

    # The commissioner moderates each bid and awards the lot.
    sign_in_as(page, "commissioner")
    for lead, quality in (("Mind Jersey", "8"), ("Tutela", "6")):
        page.goto(f"/tenders/{slug}/manage/")
        page.get_by_role("link", name=f"Moderate the bid from {lead}").click()
        if lead == "Mind Jersey":
            expect(page.get_by_role("cell", name="Evaluator 3.")).to_be_visible()
            axe(page, "the moderation form with the original scores")
        page.get_by_label("Quality of care (70%): score").select_option(quality)
        page.get_by_label("Quality of care: Reason for the moderated score").fill("Agreed.")
        page.get_by_label("Price (30%): score").select_option("7")
        page.get_by_label("Price: Reason for the moderated score").fill("Agreed.")
        page.get_by_role("button", name="Save the moderated scores").click()
        expect(page.get_by_text(f"The moderated scores of the bid from {lead}")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Award Lot 1")).click()
    axe(page, "the award form")
    page.get_by_label("Winning bid").select_option(label="Mind Jersey: 77.0 out of 100")
    page.get_by_role("button", name="Award the lot").click()
    expect(page.get_by_text("The standstill period has begun.")).to_be_visible()

    # The standstill holds the award; when it ends the award is final.
    page.get_by_role("button", name=re.compile("Confirm the award")).click()
    expect(page.get_by_text("The standstill period runs until")).to_be_visible()
    axe(page, "the refusal to confirm the award during the standstill")
    page.goto(f"/tenders/{slug}/")
    expect(page.get_by_text("Standstill", exact=True).first).to_be_visible()
    expect(page.get_by_text("Listening Lounge, Mind Jersey, MyVoice")).to_be_visible()
    clock.offset = timedelta(days=14)
    page.goto(f"/tenders/{slug}/manage/")
    page.get_by_role("button", name=re.compile("Confirm the award")).click()
    expect(page.get_by_text("The award is final")).to_be_visible()
    _sign_out(page)
    page.goto(f"/tenders/{slug}/")
    expect(page.get_by_text("Awarded", exact=True).first).to_be_visible()
    expect(page.get_by_text("Evaluator 1.")).to_have_count(0)  # scores are never public
    axe(page, "the awarded notice, for a visitor")

    # The commissioner makes the 3 + 2 contract of the final award.
    sign_in_as(page, "commissioner")
    page.goto(f"/tenders/{slug}/manage/")
    page.get_by_role("link", name=re.compile("Make the contract")).click()
    axe(page, "the form making the contract")
    page.get_by_label("Starts on").fill(_day(now + timedelta(days=30)))
    page.get_by_label("Initial term ends on").fill(_day(now + timedelta(days=30 + 3 * 365)))
    page.get_by_label("Extension option (months)").fill("24")
    page.get_by_label("The extension must be decided by").fill(_day(now + timedelta(days=900)))
    page.get_by_role("button", name="Make the contract").click()
    expect(page.get_by_text("The contract is made")).to_be_visible()
    expect(page.get_by_text("Listening Lounge").first).to_be_visible()  # a sub-contractor
    axe(page, "the contract, for its commissioner")
    _sign_out(page)

    # Mind Jersey, the lead provider, submits a KPI return once the contract has begun.
    clock.offset = timedelta(days=250)
    sign_in_as(page, "voluntary")
    page.goto("/your-contracts/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Submit a KPI return").click()
    axe(page, "the KPI return form")
    page.get_by_label("KPI", exact=True).select_option(label=f"{KPI} (target 90)")
    page.get_by_label("Period").fill(_quarter(now + timedelta(days=130)))  # begun and ended
    page.get_by_label("Numerator").fill("57")
    page.get_by_label("Denominator").fill("60")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("is submitted for validation")).to_be_visible()
    _sign_out(page)

    # The commissioner validates it; it lands on Mind Jersey's outcomes dashboard.
    sign_in_as(page, "commissioner")
    page.goto("/contracts/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Awaiting validation").click()
    page.get_by_label("Validate it").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("recorded on the outcomes dashboard")).to_be_visible()
    _sign_out(page)
    page.goto("/places/mind-jersey/")
    expect(page.get_by_role("row", name=re.compile(KPI))).to_contain_text("95")
    axe(page, "Mind Jersey's outcomes dashboard")


def _day(moment) -> str:
    return real_timezone.localtime(moment).strftime("%Y-%m-%d")


def _quarter(moment) -> str:
    """The quarter a moment falls in, as `Q1 2025` (calendar quarters)."""
    day = real_timezone.localtime(moment).date()
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"
