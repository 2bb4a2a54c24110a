"""Eval harness: load hand-labelled eval sets and score predictions against them.

Submodules are imported explicitly (``factsum.evals.cases``, ``factsum.evals.metrics``)
so that importing the package stays cheap and pulls in no scoring dependencies.
"""

from __future__ import annotations

__all__: list[str] = []
