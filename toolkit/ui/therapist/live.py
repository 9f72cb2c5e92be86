"""A light periodic refresh for an open therapist page (no reload, no browser script)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from toolkit.ui.session import log_failure

LIVE_SECONDS = 10.0
"""How often an open page looks for new alerts and submissions (one cheap query each time);
new data then shows within this many seconds plus the time to draw it."""


class LiveTimer:
    """Calls ``tick`` every ``seconds`` on the kernel's event loop, until stopped.

    In a kernel (and in Voila) the loop runs, and the tick changes widget values on the loop's
    own thread. Where no loop runs (plain tests) ``start`` does nothing: call the tick yourself.
    """

    def __init__(self, seconds: float, tick: Callable[[], None]) -> None:
        self.seconds = seconds
        self.tick = tick
        self._handle: asyncio.TimerHandle | None = None
        self._stopped = True

    @property
    def running(self) -> bool:
        """A tick is scheduled."""
        return self._handle is not None

    def start(self) -> None:
        """Schedule the next tick (replacing one already scheduled)."""
        self.stop()
        self._stopped = False
        self._schedule()

    def _schedule(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(self.seconds, self._run)

    def stop(self) -> None:
        """Cancel the next tick; no more ticks until ``start``."""
        self._stopped = True
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self) -> None:
        self._handle = None
        try:
            self.tick()
        except Exception as exc:  # a failed look is logged; the next one may succeed
            log_failure("live refresh", exc)
        if not self._stopped and self._handle is None:
            self._schedule()
