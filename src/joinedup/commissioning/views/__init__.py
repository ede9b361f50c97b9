"""Commissioning's views, one module per stage of the cycle."""
