"""How long and how often a retryable failure is tried again: exponential backoff with jitter."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts the first try; ``deadline`` bounds the time spent waiting."""

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 10.0
    deadline: float = 90.0

    def delay(self, attempt: int, hint: float | None = None) -> float:
        """Full jitter (AWS architecture blog): spreads retries of parallel calls apart."""
        if hint is not None:
            return min(hint, self.max_delay)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return random.uniform(ceiling / 2, ceiling)


NO_RETRY = RetryPolicy(max_attempts=1)
