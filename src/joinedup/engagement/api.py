"""API routes for engagement."""

from ninja import Router

router = Router(tags=["Engagement"])
