"""The URL rules of the simulated Nova, filled in by the compute handler modules as they are imported."""

from __future__ import annotations

from .service import Routes

routes = Routes()
"""Nova's routes below `/v2.1`; `compute.py` imports every handler module before it builds the map."""
