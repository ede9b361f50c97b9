"""The commissioning demo: procurement."""


def load() -> dict:
    return {}
