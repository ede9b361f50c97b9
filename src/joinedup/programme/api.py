"""API routes of the programme app."""

from ninja import Router

router = Router(tags=["programme"])
