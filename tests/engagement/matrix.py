"""The engagement app's rows of the permission matrix. The records (built in
test_permission_matrix.py): an open public consultation whose results are not published, a
closed one whose results are, a partners-only one, a draft, a theme and an answer of the
closed one, a public project assured by a council that partner A's member sits on, and an open
self-assessment round of, and a consultation of the members of, a board that partner A's member
and the board member sit on.
Engagement officers are admins, the PMO and board secretaries."""

from tests.matrix import ADMIN, BOARD, PMO, SECRETARY, A, everyone, signed_in


def officers(status: int = 200) -> dict:
    """What engagement officers get; everyone else is told the page does not exist."""
    return {**everyone(404), SECRETARY: status, PMO: status, ADMIN: status}


OFFICERS = officers()
MEMBERS = {**OFFICERS, A: 200, BOARD: 200}  # a consultation of the board's members
PARTNERS = signed_in(200, anonymous=404)
C = "/consultations"

MATRIX = [
    ("engagement:consultation_list", "", "get", lambda r: f"{C}/", everyone(200)),
    ("engagement:consultation_feed", "", "get", lambda r: f"{C}/feed.atom", everyone(200)),
    ("engagement:consultation_create", "", "get", lambda r: f"{C}/new/", OFFICERS),
    ("engagement:consultation_create", "blank", "post", lambda r: f"{C}/new/",
     officers(400)),
    ("engagement:consultation_publish", "draft", "post",
     lambda r: f"{C}/{r['draft'].slug}/publish/", officers(302)),
    ("engagement:consultation_detail", "open", "get", lambda r: f"{C}/{r['open'].slug}/",
     everyone(200)),
    ("engagement:consultation_detail", "partners", "get",
     lambda r: f"{C}/{r['partners'].slug}/", PARTNERS),
    ("engagement:consultation_detail", "the board's members", "get",
     lambda r: f"{C}/{r['members'].slug}/", MEMBERS),
    ("engagement:consultation_detail", "draft", "get", lambda r: f"{C}/{r['draft'].slug}/",
     OFFICERS),
    ("engagement:consultation_detail", "draft, answered", "post",
     lambda r: f"{C}/{r['draft'].slug}/", officers(200)),
    ("engagement:consultation_done", "open", "get",
     lambda r: f"{C}/{r['open'].slug}/thank-you/", everyone(200)),
    ("engagement:consultation_done", "draft", "get",
     lambda r: f"{C}/{r['draft'].slug}/thank-you/", OFFICERS),
    ("engagement:consultation_results", "unpublished", "get",
     lambda r: f"{C}/{r['open'].slug}/results/", OFFICERS),
    ("engagement:consultation_results", "published", "get",
     lambda r: f"{C}/{r['closed'].slug}/results/", everyone(200)),
    ("engagement:consultation_results", "published, publish again", "post",
     lambda r: f"{C}/{r['closed'].slug}/results/", officers(302)),
    ("engagement:consultation_export", "published csv", "get",
     lambda r: f"{C}/{r['closed'].slug}/results.csv", everyone(200)),
    ("engagement:consultation_export", "unpublished xlsx", "get",
     lambda r: f"{C}/{r['open'].slug}/results.xlsx", OFFICERS),
    ("engagement:question_answers", "published", "get",
     lambda r: f"{C}/{r['closed'].slug}/results/questions/{r['question'].pk}/", everyone(200)),
    ("engagement:question_answers", "unpublished", "get",
     lambda r: f"{C}/{r['open'].slug}/results/questions/{r['open_question'].pk}/", OFFICERS),
    ("engagement:answer_themes", "", "post",
     lambda r: f"{C}/{r['closed'].slug}/answers/{r['answer'].pk}/themes/",
     officers(302)),
    ("engagement:theme_list", "", "get", lambda r: f"{C}/{r['closed'].slug}/themes/", OFFICERS),
    ("engagement:theme_detail", "", "get",
     lambda r: f"{C}/{r['closed'].slug}/themes/{r['theme'].pk}/", OFFICERS),
    ("engagement:you_said_we_did", "", "get", lambda r: "/you-said-we-did/", everyone(200)),
    ("engagement:story_list", "", "get", lambda r: "/experience/", everyone(200)),
    ("engagement:story_list", "publish no story", "post", lambda r: "/experience/",
     everyone(404)),
    ("engagement:story_create", "", "get", lambda r: "/experience/share/", everyone(200)),
    ("engagement:assurance_list", "", "get", lambda r: "/assurance/", everyone(200)),
    ("engagement:assurance_project", "public project", "get",
     lambda r: f"/assurance/{r['project'].slug}/", everyone(200)),
    ("engagement:assurance_project", "record", "post",
     lambda r: f"/assurance/{r['project'].slug}/", {**OFFICERS, A: 200}),
    ("engagement:self_assessment", "", "get", lambda r: "/self-assessment/", PARTNERS),
    ("engagement:self_assessment_answer", "open round", "get",
     lambda r: f"/self-assessment/{r['round'].pk}/answer/", {**everyone(404), A: 200, BOARD: 200}),
    ("api:list_consultations", "", "get", lambda r: "/api/v1/consultations", everyone(200)),
    ("api:get_consultation", "open", "get", lambda r: f"/api/v1/consultations/{r['open'].slug}",
     everyone(200)),
    ("api:get_consultation", "the board's members", "get",
     lambda r: f"/api/v1/consultations/{r['members'].slug}", MEMBERS),
    ("api:get_consultation", "draft", "get",
     lambda r: f"/api/v1/consultations/{r['draft'].slug}", OFFICERS),
    ("api:get_results", "unpublished", "get",
     lambda r: f"/api/v1/consultations/{r['open'].slug}/results", OFFICERS),
    ("api:get_results", "published", "get",
     lambda r: f"/api/v1/consultations/{r['closed'].slug}/results", everyone(200)),
    ("api:list_assurance", "", "get", lambda r: "/api/v1/assurance", everyone(200)),
    # Without a JSON body: a 400 for everyone, before who is calling (see test_api.py).
    ("api:answer_consultation", "open, no body", "post",
     lambda r: f"/api/v1/consultations/{r['open'].slug}/responses", everyone(400)),
]  # fmt: skip
