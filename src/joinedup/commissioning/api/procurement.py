"""API routes for commissioning: procurement."""

from ninja import Router

router = Router(tags=["Commissioning"])
