"""API routes for commissioning: ocds."""

from ninja import Router

router = Router(tags=["Commissioning"])
