"""The commissioning demo: plans."""


def load() -> dict:
    return {}
