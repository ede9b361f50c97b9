"""Issue #7's journey: a member of the public answers the demo consultation without JavaScript
(saving a draft and coming back to it) and another with it; the board secretary, as the
engagement officer, closes the consultation, themes the answers, links the theme to a
recommendation and publishes "you said, we did" and the results; the public then reads them.
axe-core checks every page the JavaScript browser visits."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from joinedup.engagement import demo
from joinedup.engagement.models import Consultation
from joinedup.governance.models import Recommendation

pytestmark = pytest.mark.browser

NO_JS_ANSWER = "A named contact for carers, please: written without JavaScript."
JS_ANSWER = "Publish the papers of every board, so that islanders can follow them."
THEME = "Named contact for carers"


@dataclass(frozen=True)
class Journey:
    slug: str
    title: str
    text_question: str
    recommendation_value: str
    recommendation_title: str


@pytest.fixture
def journey(site, tmp_path) -> Journey:
    """The engagement demo (with the governance and programme demos it needs), loaded before
    the browser starts: no ORM after."""
    demo.load(logins_file=tmp_path / "logins.txt")
    consultation = Consultation.objects.get(slug=demo.PUBLIC_SLUG)
    question = consultation.questions.get(position=3)
    recommendation = (
        Recommendation.objects.filter(item__is_confidential=False).order_by("issued_at").first()
    )
    return Journey(
        consultation.slug,
        consultation.title,
        str(question.pk),
        f"governance.recommendation:{recommendation.pk}",
        recommendation.title,
    )


def _answer(page: Page, text: str, *, concept: str, scale: str) -> None:
    page.get_by_role("group", name="Does the overall concept make sense?").get_by_label(
        concept, exact=True
    ).check()
    page.get_by_role("group", name="Does the concept of the groups make sense?").get_by_label(
        scale, exact=True
    ).check()
    page.get_by_label("Do you feel anything is missing or is not necessary? (optional)").fill(text)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_the_public_answers_and_the_officer_closes_the_loop(
    journey: Journey, no_js_context: BrowserContext, page: Page, axe, sign_in_as
):
    # 1. Without JavaScript: start, save a draft, come back, submit.
    plain = no_js_context.new_page()
    plain.goto("/consultations/")
    plain.get_by_role("link", name=journey.title).click()
    plain.get_by_label("Do you feel anything is missing or is not necessary? (optional)").fill(
        NO_JS_ANSWER
    )
    plain.get_by_role("button", name="Save and come back later").click()
    expect(plain.get_by_text("Your answers are saved.")).to_be_visible()
    plain.goto(f"/consultations/{journey.slug}/")
    expect(
        plain.get_by_label("Do you feel anything is missing or is not necessary? (optional)")
    ).to_have_value(NO_JS_ANSWER)
    plain.get_by_role("button", name="Submit your answers").click()
    expect(plain.get_by_text("There is a problem")).to_be_visible()
    expect(
        plain.get_by_text("Select an answer to this question: it is required").first
    ).to_be_visible()
    _answer(plain, NO_JS_ANSWER, concept="Partly", scale="4")
    plain.get_by_role("button", name="Submit your answers").click()
    expect(plain.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    plain.goto(f"/consultations/{journey.slug}/")
    expect(plain.get_by_text("You have answered this consultation.")).to_be_visible()
    plain.close()

    # 2. With JavaScript, another member of the public; axe on every page.
    page.goto("/consultations/")
    axe(page, "the consultations list")
    page.get_by_role("link", name=journey.title).click()
    axe(page, "the consultation form")
    page.get_by_label("Do you feel anything is missing or is not necessary? (optional)").fill(
        "<script>alert('x')</script>"
    )
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_text("Remove the HTML, scripts").first).to_be_visible()
    axe(page, "the consultation form with its errors")
    _answer(page, JS_ANSWER, concept="Yes", scale="3")
    page.get_by_role("button", name="Submit your answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    axe(page, "the thank-you page")

    # 3. The officer closes the consultation, themes the answers and links the theme.
    sign_in_as(page, "secretary")
    page.goto(f"/consultations/{journey.slug}/results/")
    axe(page, "the results so far")
    page.get_by_role("button", name="Close the consultation now").click()
    page.goto(f"/consultations/{journey.slug}/themes/")
    axe(page, "the themes page")
    page.get_by_label("Theme").fill(THEME)
    page.get_by_role("button", name="Add the theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THEME)
    page.goto(f"/consultations/{journey.slug}/results/questions/{journey.text_question}/")
    axe(page, "the free-text answers with theme checkboxes")
    card = page.locator(".govuk-summary-card", has_text=NO_JS_ANSWER)
    card.get_by_label(THEME).check()
    card.get_by_role("button", name=re.compile("^Save the themes")).click()
    expect(
        page.locator(".govuk-summary-card", has_text=NO_JS_ANSWER).get_by_label(THEME)
    ).to_be_checked()
    page.goto(f"/consultations/{journey.slug}/themes/")
    page.get_by_role("link", name=THEME).click()
    axe(page, "the theme page")
    page.get_by_label("What it informs").select_option(journey.recommendation_value)
    page.get_by_role("button", name="Link the theme").click()
    expect(
        page.get_by_role("link", name=re.compile(re.escape(journey.recommendation_title)))
    ).to_be_visible()
    page.get_by_label("You said", exact=True).fill("Carers asked for one named contact.")
    page.get_by_label("We did", exact=True).fill("Every project now names a carers' contact.")
    page.get_by_label(re.compile("^The decision, action or recommendation")).select_option(
        journey.recommendation_value
    )
    page.get_by_label(re.compile("^Publish it")).check()
    page.get_by_role("button", name="Save “you said, we did”").click()
    expect(page.get_by_text(re.compile("^Published "))).to_be_visible()
    axe(page, "the theme page after publishing")
    page.goto(f"/consultations/{journey.slug}/results/")
    page.get_by_label("Summary of the results").fill("Partners and islanders want carers heard.")
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text(re.compile("^Published "))).to_be_visible()
    _sign_out(page)

    # 4. The public reads the results, the themed answers and "you said, we did".
    page.goto(f"/consultations/{journey.slug}/results/")
    expect(page.get_by_text("Partners and islanders want carers heard.")).to_be_visible()
    axe(page, "the published results")
    page.get_by_role("link", name=re.compile("^Read the .* answers? to question 3")).click()
    card = page.locator(".govuk-summary-card", has_text=NO_JS_ANSWER)
    expect(card.get_by_text(THEME, exact=True)).to_be_visible()
    expect(page.get_by_text(JS_ANSWER)).to_be_visible()
    axe(page, "the published free-text answers")
    page.goto("/you-said-we-did/")
    row = page.locator(".govuk-summary-card", has_text=THEME)
    expect(row.get_by_text("Every project now names a carers' contact.")).to_be_visible()
    expect(
        row.get_by_role("link", name=re.compile(re.escape(journey.recommendation_title)))
    ).to_be_visible()
    axe(page, "you said, we did")
