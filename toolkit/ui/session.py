"""What every page session shares: a message area, and callbacks whose errors are never silent."""

from __future__ import annotations

import asyncio
import functools
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from toolkit.ui import lean

from .html import message

log = logging.getLogger("toolkit.ui")
F = TypeVar("F", bound=Callable[..., Any])


def log_failure(where: str, exc: BaseException) -> None:
    """Log an exception's type and stack, never its message (it may quote what a client typed)."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s failed with %s\n%s", where, type(exc).__name__, stack)


NOT_IN_YOUR_LIST = (
    "That is not in your list (any more). Reload the page to see your clients as they are now."
)
"""What the therapist page says when the store answers ``NotFound`` or ``PermissionDenied``:
one answer for both, since ids are sequential and "not yours" would tell that another
therapist's object exists (:attr:`PageSession.not_found_message`)."""


def guarded(method: F) -> F:
    """Wrap a page callback: an exception is logged and shown in the page, never swallowed.

    The log line names the exception type and the callback, not the user's text. On a page
    with a :attr:`PageSession.not_found_message`, a missing object and another therapist's
    object get that same message.
    """

    @functools.wraps(method)
    def wrapper(self: PageSession, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            log_failure(method.__qualname__, exc)
            from toolkit.store.errors import NotFound, PermissionDenied

            if self.not_found_message and isinstance(exc, NotFound | PermissionDenied):
                self.show_message("warn", self.not_found_message)
                return None
            self.show_message(
                "error",
                "Something went wrong on our side, and it has been logged. What you typed is "
                "still here; please try again in a moment.",
            )
            return None

    return wrapper  # type: ignore[return-value]


class PageSession:
    """Base of the per-page session objects: owns the message area shown on the page."""

    not_found_message = ""
    """Shown by :func:`guarded` callbacks for ``NotFound`` and ``PermissionDenied`` alike; empty:
    the general error message."""

    def __init__(self) -> None:
        self.messages = lean.html("", "cbt-messages")

    def show_message(self, kind: str, text: str) -> None:
        """Replace the page message (``kind``: info, ok, warn, error, crisis)."""
        self.messages.value = message(kind, text)

    def clear_message(self) -> None:
        """Remove the page message."""
        self.messages.value = ""


class Debouncer:
    """Run a function once typing pauses; immediately where no event loop runs (tests)."""

    def __init__(self, delay: float, func: Callable[[], None]) -> None:
        self.delay = delay
        self.func = func
        self._handle: asyncio.TimerHandle | None = None

    def cancel(self) -> None:
        """Forget a pending call."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def __call__(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.func()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.func)
