"""Commissioning's services, one module per stage of the cycle."""
