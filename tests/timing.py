"""CPU cost for the linear-time tests: ratios of two input sizes, never absolute times."""
from __future__ import annotations

import time
from typing import Callable


def cpu_cost(work: Callable[[], object], runs: int = 3) -> float:
    """CPU seconds of the best of `runs` calls (process time: a loaded machine slows the
    wall clock, not the work)."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best
