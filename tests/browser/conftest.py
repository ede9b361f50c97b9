"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live
server, with the demo partnership loaded and an axe-core accessibility check (WCAG 2.2 AA).

Playwright never downloads a browser here: it launches /usr/bin/chromium by `executable_path`.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from joinedup.core import demo

CHROMIUM = Path("/usr/bin/chromium")
# The machine has no network beyond package registries: keep Chromium from phoning home.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class DemoSite:
    url: str
    passwords: dict[str, str]


@pytest.fixture
def site(
    transactional_db, django_db_serialized_rollback, live_server, settings, tmp_path
) -> DemoSite:
    """The live server with the real demo loaded: 39 organisations and the personas.

    The server answers from another thread, so the data must be committed: hence
    transactional_db rather than db (listed before live_server: the test database must exist
    before the server takes its connection). A transactional test empties every table after
    itself, which also removes the rows the migrations put there (the audit chain's head);
    serialized rollback puts them back before the next test.

    Passwords are hashed with a fast hasher here: Argon2 takes about half a second a password on
    this machine, and these tests are about pages, not hashing (the live server thread sees the
    same settings).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logins_file = tmp_path / "logins.txt"
    demo.load(logins_file=logins_file)
    passwords = {}
    for line in logins_file.read_text().splitlines():
        username, password, _description = line.split("\t", 2)
        passwords[username] = password
    return DemoSite(url=live_server.url, passwords=passwords)


@pytest.fixture
def browser(site) -> Iterator[Browser]:
    """A headless Chromium for one test, started after its data is in and closed before the
    database is emptied.

    Why one per test, and why DJANGO_ALLOW_ASYNC_UNSAFE is NOT set: the sync Playwright API
    drives an asyncio loop from this thread and, between calls, leaves it registered as the
    thread's running loop. Django then takes any ORM call from this thread for async code and
    raises SynchronousOnlyOperation. Silencing that with DJANGO_ALLOW_ASYNC_UNSAFE is not enough:
    Django keeps its connections in asgiref's Local, which switches to per-context storage
    while a loop is running, so the test thread would quietly open a second connection; with
    SQLite's in-memory test database that defeats the connection the live server shares with
    the test, and pytest-django's flush and serialized rollback were seen to go astray. So the
    loop only exists while no Django code runs in this thread: the demo is loaded (in `site`)
    before Chromium starts, and Chromium and Playwright stop (this fixture depends on `site`,
    so it is torn down first) before pytest-django empties the database. A browser test must
    therefore not use the ORM in its body; if it does, Django's check fails it loudly. The
    price is starting Chromium for each test: about two seconds.
    """
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with `make browser` (or `sudo apt-get install chromium`); "
            "Playwright's own browser downloads are not used.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_context(browser: Browser, site: DemoSite, **options) -> BrowserContext:
    context = browser.new_context(base_url=site.url, viewport=DESKTOP, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser, site) -> Iterator[BrowserContext]:
    # bypass_csp=True is here ONLY so that `axe` below can inject axe-core: add_script_tag puts
    # it in an inline <script>, which the site's Content Security Policy (script-src 'self')
    # would refuse. The policy itself is exercised without any bypass by
    # test_the_pages_run_their_scripts_under_the_content_security_policy.
    context = _new_context(browser, site, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator[Page]:
    """A tab that fails the test if any script on the page throws."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    yield page
    assert not errors, "Uncaught script errors:\n" + "\n".join(errors)


@pytest.fixture
def strict_context(browser, site) -> Iterator[BrowserContext]:
    """A context as a visitor's browser has it: the Content Security Policy is enforced."""
    context = _new_context(browser, site)
    yield context
    context.close()


@pytest.fixture
def no_js_context(browser, site) -> Iterator[BrowserContext]:
    """A visitor whose browser runs no JavaScript at all."""
    context = _new_context(browser, site, java_script_enabled=False)
    yield context
    context.close()


_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}"""


@pytest.fixture
def axe() -> Callable[[Page, str], None]:
    """`axe(page, "what the page is")` fails the test on any WCAG 2.2 A/AA violation."""

    def check(page: Page, what: str) -> None:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=AXE_JS)
        assert page.evaluate("typeof window.axe !== 'undefined'"), (
            "axe-core did not load: is the page's context created with bypass_csp=True?"
        )
        violations = page.evaluate(_RUN_AXE, WCAG_TAGS)
        if violations:
            lines = [f"axe-core found {len(violations)} violation(s) on {what} ({page.url}):"]
            for violation in violations:
                lines.append(
                    f"- {violation['id']} [{violation['impact']}]: {violation['help']}"
                    f" ({violation['helpUrl']})"
                )
                lines.extend(f"    at {target}" for target in violation["targets"])
            pytest.fail("\n".join(lines), pytrace=False)

    return check


def _sign_in(page: Page, username: str, password: str) -> None:
    """Fill in and send the sign-in form already on the page."""
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def sign_in_as(site) -> Callable[[Page, str], None]:
    """`sign_in_as(page, "provider")`: sign a demo persona in, from whatever page is open."""

    def go(page: Page, username: str) -> None:
        if "/sign-in/" not in page.url:
            page.goto("/sign-in/")
        _sign_in(page, username, site.passwords[username])
        expect(page.get_by_role("link", name="Your account")).to_be_visible()

    return go
