"""API routes for commissioning: contracts."""

from ninja import Router

router = Router(tags=["Commissioning"])
