"""API routes for commissioning: plans."""

from ninja import Router

router = Router(tags=["Commissioning"])
