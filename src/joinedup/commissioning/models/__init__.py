"""Commissioning's tables, one module per stage of the cycle: analyse and plan (`plans`), do
(`procurement`, `contracts`) and the Open Contracting publication (`ocds`)."""

from .contracts import *  # noqa: F403
from .ocds import *  # noqa: F403
from .plans import *  # noqa: F403
from .procurement import *  # noqa: F403
