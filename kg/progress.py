"""The progress display of `kg build` on standard error (rich), fed by ``kg.api.build``'s
``progress(stage, done, total)`` calls. Part of the command line: the library never prints."""
from __future__ import annotations

LABELS = {
    "extract": "extract articles",
    "store": "write changed graphs",
    "validate": "validate (SHACL nodes)",
    "export": "export Turtle",
    "html": "write the HTML graph",
}


class BuildProgress:
    """A context manager and a ``progress(stage, done, total)`` callable: one line per stage,
    with a bar, counts, rate and time left where the total is known, elapsed time otherwise.
    Disabled, it does nothing (rich is not even imported)."""

    def __init__(self, enabled: bool = True, force: bool = False):
        self.enabled = enabled
        self._force = force
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "BuildProgress":
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            console = Console(stderr=True, force_terminal=True if self._force else None)
            self._progress = Progress(
                SpinnerColumn(finished_text="✓"), TextColumn("{task.description:<22}"),
                BarColumn(bar_width=20), MofNCompleteColumn(), TextColumn("{task.fields[rate]:>9}"),
                TimeRemainingColumn(), TimeElapsedColumn(),
                console=console, transient=False, refresh_per_second=8)
            self._progress.start()
        return self

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        p = self._progress
        if p is None:
            return
        task = self._tasks.get(stage)
        if task is None:
            for other in self._tasks.values():          # a new stage: the earlier ones are over
                t = p.tasks[other]
                if not t.finished:
                    p.update(other, total=t.completed or 1, completed=t.completed or 1)
            task = self._tasks[stage] = p.add_task(LABELS.get(stage, stage), total=total, rate="")
        t = p.tasks[task]
        rate = t.speed
        p.update(task, completed=done, total=total if total is not None else t.total,
                 rate=f"{rate:,.1f}/s" if rate and stage in ("extract", "store", "validate") else "")

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            p = self._progress
            if exc[0] is None:
                for task in p.tasks:
                    if not task.finished:
                        p.update(task.id, total=task.completed or 1, completed=task.completed or 1)
            p.stop()
