"""Commissioning's API routes, one module per stage of the cycle, under one router."""

from ninja import Router

from . import contracts, ocds, plans, procurement

router = Router()
router.add_router("", plans.router)
router.add_router("", procurement.router)
router.add_router("", contracts.router)
router.add_router("", ocds.router)
