"""The rows of the permission matrix for signing sessions out (tests/security)."""

from tests.matrix import A, everyone, signed_in

# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("core:sign_in_end", "A's other session", "post",
     lambda r: f"/account/sessions/{r['sign_in_of_a'].pk}/sign-out/",
     {**signed_in(404, anonymous=302), A: 302}),
    # Each signed-in persona keeps its own session and is sent back to its account page.
    ("core:sign_ins_end_others", "", "post", lambda r: "/account/sessions/sign-out-others/",
     everyone(302)),
]  # fmt: skip
