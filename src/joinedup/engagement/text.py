"""Checks on free text that respondents and staff type: a length limit and no markup. Text is
stored as typed and always shown escaped; markup is refused rather than silently stripped, so
that what is published is exactly what the person wrote."""

import re

from django.core.exceptions import ValidationError

# A tag (or comment or processing instruction) anywhere, or a script URL. An event handler such
# as `onclick=` can only run inside a tag, which is already refused, so plain words like
# "onboarding = slow" are kept.
MARKUP = re.compile(
    r"<\s*/?\s*[a-z][a-z0-9-]*(\s|/|>|$)|<!|<\?|javascript\s*:|vbscript\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check(value: str, *, limit: int, what: str = "your answer") -> str:
    """The text, stripped, or a ValidationError that says what to change."""
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise ValidationError(
            f"Keep {what} to {limit:,} characters or fewer (it has {len(value):,})",
            code="too_long",
        )
    if MARKUP.search(value) or CONTROL.search(value):
        raise ValidationError(
            f"Remove the HTML, scripts or web addresses starting 'javascript:' from {what}",
            code="markup",
        )
    return value
