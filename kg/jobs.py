"""How many processes a build extracts on.

``--jobs auto`` (the default) is one process per CPU this process may run on (at most
``MAX_AUTO``), but only when there are at least ``AUTO_MIN_ARTICLES`` articles to extract:
below that, starting the processes and sending the results back costs more than it saves
(``benchmarks/jobs.py``). Any number of jobs gives the same output as one.
"""
from __future__ import annotations

import os

AUTO = None                  # the value of jobs that means "auto"
AUTO_MIN_ARTICLES = 64
MAX_AUTO = 8


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve(jobs: int | None, articles: int) -> int:
    """The number of processes for ``articles`` articles: ``jobs`` itself, or for auto (None) one
    per CPU (at most MAX_AUTO) from AUTO_MIN_ARTICLES articles on, else one."""
    if jobs is not AUTO:
        return jobs
    return min(cpus(), MAX_AUTO) if articles >= AUTO_MIN_ARTICLES else 1


def parse(value) -> int | None:
    """``--jobs``: a whole number of at least 1, or ``auto`` (None)."""
    if value is AUTO or (isinstance(value, str) and value.strip().lower() == "auto"):
        return AUTO
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a whole number or 'auto', not {value!r}") from None
    if n < 1:
        raise ValueError(f"must be at least 1, not {n}")
    return n
