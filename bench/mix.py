"""The mixed workload's plan: sign in as the demo personas, then find the pages to request.

Nothing is hard-coded but the entry points a visitor would type (list pages, feeds, API lists):
detail pages are the links those pages show, to the public or to a signed-in persona, and every
page found is fetched once and kept only when it answers 200 to that visitor. The plan is a list
of (weight, path, session cookie) entries; each request of the load draws one at random.
"""

import http.client
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode


@dataclass(frozen=True)
class Group:
    """Pages of one kind, sharing a weight equally: fixed paths and links found on other pages."""

    name: str
    weight: float
    paths: tuple[str, ...] = ()
    links: str = ""  # a pattern for the links to follow
    within: tuple[str, ...] = ()  # paths, or earlier groups' names, whose pages hold the links
    take: int = 6
    signed_in: bool = False


UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
API_LISTS = (
    "/api/v1/organisations", "/api/v1/meetings", "/api/v1/decisions", "/api/v1/projects",
    "/api/v1/indicators", "/api/v1/commissioning/notices", "/api/v1/consultations",
)  # fmt: skip
FEEDS = ("/feeds/decisions.atom", "/consultations/feed.atom", "/meetings/calendar.ics")

# About two requests in three from the public, one in three from people signed in.
GROUPS = [
    Group("home", 8, ("/",)),
    Group("partners", 6, ("/partners/",), r"/partners/[\w-]+/", ("/partners/",)),
    Group("bodies", 4, ("/bodies/",), r"/bodies/[\w-]+/", ("/bodies/",)),
    Group("meetings", 5, ("/meetings/",), rf"/meetings/{UUID}/", ("/meetings/", "bodies")),
    Group("papers", 2, (), rf"/papers/{UUID}/", ("meetings",), take=4),
    Group("decisions", 4, ("/decisions/",), r"/decisions/[\w-]+/", ("/decisions/",)),
    Group("programme", 3, ("/programmes/",), r"/programmes/[\w-]+/", ("/programmes/",)),
    Group("projects", 2, (), r"/projects/[\w-]+/", ("programme",), take=4),
    Group("outcomes", 7, ("/places/", "/indicators/"), r"/(?:places|indicators)/[\w.-]+/",
          ("/places/", "/indicators/"), take=10),
    Group("tenders", 4, ("/tenders/",), r"/tenders/[\w-]+/", ("/tenders/",)),
    Group("consultations", 3, ("/consultations/", "/you-said-we-did/"),
          r"/consultations/[\w-]+/(?:results/)?", ("/consultations/",)),
    Group("api", 7, API_LISTS),
    Group("feeds", 3, FEEDS),
    Group("dashboards", 8, ("/my/", "/commissioning/", "/account/"), signed_in=True),
    Group("pmo-tracker", 4, (), r"/programmes/[\w-]+/(?:returns|raid)/", ("programme",),
          signed_in=True),
    Group("project", 4, (), r"/projects/[\w-]+/", ("programme",), take=4, signed_in=True),
    Group("contracts", 4, ("/your-contracts/", "/contracts/"), r"/contracts/[\w-]+/",
          ("/contracts/",), take=4, signed_in=True),
    Group("signed-in public", 6, ("/", "/meetings/", "/decisions/"), rf"/meetings/{UUID}/",
          ("/meetings/",), take=2, signed_in=True),
]  # fmt: skip


def fetch(
    host: str, port: int, path: str, cookie: str = "", form: dict | None = None
) -> tuple[int, dict, str]:
    """One request, redirects not followed: the status, lower-cased headers and text."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request("POST" if form is not None else "GET", path, body, headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
        return response.status, {"set-cookie": cookies, **dict(response.getheaders())}, text
    finally:
        connection.close()


def _cookie_pairs(set_cookies: list[str]) -> dict[str, str]:
    return dict(header.split(";", 1)[0].split("=", 1) for header in set_cookies)


def sign_in(host: str, port: int, username: str, password: str) -> str:
    """The Cookie header of a session signed in through the sign-in form, as a browser would."""
    status, headers, page = fetch(host, port, "/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not token:
        raise RuntimeError(f"GET /sign-in/ answered {status} without a CSRF token")
    cookies = _cookie_pairs(headers["set-cookie"])
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    status, headers, _ = fetch(host, port, "/sign-in/", cookie, form)
    cookies |= _cookie_pairs(headers["set-cookie"])
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in as {username} answered {status}, no session")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def read_logins(path: Path) -> dict[str, str]:
    """username -> password, from the demo's logins file (tab-separated)."""
    lines = path.read_text().splitlines()
    return dict(line.split("\t")[:2] for line in lines if line.strip())


class Finder:
    """Fetches each page once per visitor, remembering what it answered and the links it shows."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.pages: dict[tuple[str, str], tuple[int, str]] = {}

    def get(self, path: str, cookie: str) -> tuple[int, str]:
        if (path, cookie) not in self.pages:
            status, _, text = fetch(self.host, self.port, path, cookie)
            self.pages[path, cookie] = (status, text)
        return self.pages[path, cookie]

    def links(self, pattern: str, sources: list[str], cookie: str, take: int) -> list[str]:
        found: list[str] = []
        for source in sources:
            status, text = self.get(source, cookie)
            for link in re.findall(rf'href="({pattern})"', text) if status == 200 else []:
                if link not in found and link not in sources:
                    found.append(link)
        return _spread(found, take)


def _spread(items: list[str], take: int) -> list[str]:
    """Up to `take` items spread evenly over the list, so a long list is sampled end to end."""
    if len(items) <= take:
        return items
    return [items[round(i * (len(items) - 1) / (take - 1))] for i in range(take)]


def discover(host: str, port: int, sessions: dict[str, str]) -> tuple[list, list]:
    """The plan, [(weight, group, path, visitor, cookie)], and the pages found that did not answer
    200 to the visitor they were shown to, [(group, path, visitor, status)]."""
    finder = Finder(host, port)
    visitors = {"anonymous": ""}
    plan, broken = [], []
    found: dict[str, list[str]] = {}
    for group in GROUPS:
        people = sessions if group.signed_in else visitors
        entries = []
        for visitor, cookie in people.items():
            sources = [s for name in group.within for s in found.get(name, [name])]
            paths = list(group.paths)
            if group.links:
                paths += finder.links(group.links, sources, cookie, group.take)
            for path in paths:
                status, _ = finder.get(path, cookie)
                if status == 200:
                    entries.append((group.name, path, visitor, cookie))
                elif not group.signed_in or path not in group.paths:
                    broken.append((group.name, path, visitor, status))
            if not group.signed_in:
                found[group.name] = [path for _, path, _, _ in entries]
        if not entries:
            broken.append((group.name, "(no page found)", "anyone", 0))
            continue
        plan += [(group.weight / len(entries), *entry) for entry in entries]
    return plan, broken
