"""What every app's services share: refusing a request under the partnership's rules."""

from typing import NoReturn

from django.core.exceptions import ValidationError


def refuse(message: str, field: str | None = None) -> NoReturn:
    """Refuse with a message, beside `field` where it names one; the caller changes nothing."""
    raise ValidationError({field: message} if field else message)
