"""Progress on a terminal for long work (drawing thousands of charts, converting thousands of pages)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

PROGRESS_MIN_ITEMS = 50  # fewer than this is over before a counter would help
PROGRESS_INTERVAL_S = 0.25


def terminal_progress(label: str, enabled: bool, stream=None) -> Callable[[int, int], None] | None:
    """A counter on one line of a terminal for long work; None (silence) when not `enabled` (the build's
    context says so: not in CI logs) or when stderr is a file."""
    stream = stream or sys.stderr
    if not enabled or not stream.isatty():
        return None
    shown = {"at": 0.0}

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if total < PROGRESS_MIN_ITEMS or (done < total and now - shown["at"] < PROGRESS_INTERVAL_S):
            return
        shown["at"] = now
        stream.write(f"\r{label}: {done}/{total}" + ("\n" if done == total else ""))
        stream.flush()

    return show
