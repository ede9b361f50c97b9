"""The free-text check, table-driven: what is kept and what is refused."""

import pytest
from django.core.exceptions import ValidationError

from joinedup.engagement import text


@pytest.mark.parametrize("value", [
    "Waits < 2 weeks & more", "I <3 the new service", "onboarding = slow",
    "Ratio 3<4", "  padded  ", "Line one\nLine two", "café — naïve ‘quotes’",
])  # fmt: skip
def test_it_keeps_plain_text(value):
    assert text.check(value, limit=100) == value.strip()


@pytest.mark.parametrize("value", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</b>", "<br/>",
    "<!-- hidden -->", "<?php echo 1 ?>", "JavaScript:alert(1)", "data: text/html,<p>",
    "<svg onload=alert(1)>", "bell\x07",
])  # fmt: skip
def test_it_refuses_markup_and_scripts(value):
    with pytest.raises(ValidationError) as raised:
        text.check(value, limit=100)
    assert raised.value.code == "markup"


def test_it_refuses_text_over_the_limit_and_says_by_how_much():
    with pytest.raises(ValidationError, match=r"10 characters or fewer \(it has 11\)"):
        text.check("x" * 11, limit=10)
