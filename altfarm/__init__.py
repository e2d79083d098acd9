"""altfarm: a second, independently built portal farm (from shared/research/portal-patterns.md
alone) to check that the crawler is not tuned to farm/.  ``AltFarm`` is a context manager
running the forward proxy; ``python -m altfarm serve`` runs it in the foreground."""

from altfarm.server import AltFarm

__all__ = ["AltFarm"]
