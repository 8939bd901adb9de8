"""A progress bar for runs over many documents, on standard error.

Shown only on a terminal, only when asked (the command line asks unless ``--quiet``) and only
for runs of more than ``MIN_DOCUMENTS`` documents; otherwise every call does nothing, so
library code can always report progress.

    >>> with DocumentProgress(total=5000, enabled=True) as bar:
    ...     bar.advance(32)
"""
from __future__ import annotations

import sys

MIN_DOCUMENTS = 50


class DocumentProgress:
    def __init__(self, total: int, *, enabled: bool = True, stream=None, description: str = "ingesting"):
        stream = stream or sys.stderr
        self.total = total
        self._bar = None
        self._task = None
        if enabled and total > MIN_DOCUMENTS and getattr(stream, "isatty", lambda: False)():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("documents"), TimeElapsedColumn(), TimeRemainingColumn(),
                                 console=Console(file=stream), transient=True)
            self._task = self._bar.add_task(description, total=total)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def advance(self, documents: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, documents)

    def __enter__(self) -> DocumentProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
