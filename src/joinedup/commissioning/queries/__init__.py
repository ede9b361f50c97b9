"""Commissioning's queries, one module per stage of the cycle."""
