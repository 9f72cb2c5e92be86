"""Set-up of a page's kernel: errors go to the server log, never to the browser, and the
browser may open only a few comms.

An exception in a widget callback is normally shown with ``showtraceback``: the traceback
(file paths, code lines, values) travels to the browser over the kernel's websocket even when
the page displays nothing. In our kernels it is written to the server log instead.

Voila lets a browser send ``comm_open`` to a kernel; one to ``jupyter.widget`` creates a widget
model holding whatever state the message carries (each message is bounded by
``CBT_MAX_MESSAGE_BYTES``, their number was not). Our pages' own widgets are all created by the
kernel; the browser opens one comm per page load (the widget manager's control channel).
:func:`limit_client_comms` refuses every ``comm_open`` past :data:`MAX_CLIENT_COMMS` in a
kernel's life: the comm is closed at once and nothing is created.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

logger = logging.getLogger("toolkit.kernel")

MAX_CLIENT_COMMS = 32
"""``comm_open`` messages from the browser one kernel accepts in its life (a page uses one)."""


def hide_tracebacks() -> bool:
    """Route the running IPython kernel's tracebacks to the log; ``False`` outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def to_log(*_args: Any, **_kwargs: Any) -> None:
        error = sys.exc_info()[1]
        if error is None:
            logger.error("an error in the page (no details)")
            return
        logger.error("an error in the page: %s", type(error).__name__, exc_info=error)

    shell.showtraceback = to_log
    shell.showsyntaxerror = to_log
    _library_logs_to_server()
    return True


def _library_logs_to_server() -> None:
    """Log records of libraries in the kernel (``comm``, ipywidgets) go to the server log.

    With no handler, Python's last-resort handler writes them to ``sys.stderr``, which a kernel
    forwards to the browser: a ``comm_open`` the kernel could not honour sent its traceback
    (server paths, code lines) to the page that sent it.
    """
    root = logging.getLogger()
    if root.handlers or sys.__stderr__ is None:
        return
    handler = logging.StreamHandler(sys.__stderr__)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("[kernel %(levelname)s %(name)s] %(message)s"))
    root.addHandler(handler)


def limit_client_comms(limit: int = MAX_CLIENT_COMMS) -> bool:
    """Accept at most ``limit`` comm openings from the browser in the running kernel; later ones
    get a ``comm_close`` and create nothing. ``False`` outside an IPython kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    handlers = getattr(getattr(get_ipython(), "kernel", None), "shell_handlers", None)
    if not isinstance(handlers, dict) or "comm_open" not in handlers:
        return False
    original = handlers["comm_open"]
    if getattr(original, "cbt_comm_limit", None) is not None:
        return True
    opened = 0

    def comm_open(stream: Any, ident: Any, msg: dict[str, Any]) -> Any:
        nonlocal opened
        if opened < limit:
            opened += 1
            return original(stream, ident, msg)
        if opened == limit:
            opened += 1  # warn once per kernel
            logger.warning("a page opened more than %d comms: refusing the rest", limit)
        from comm import create_comm

        content = msg.get("content") or {}
        refused = create_comm(
            comm_id=str(content.get("comm_id", "")),
            primary=False,
            target_name=str(content.get("target_name", "")),
        )
        refused.close(deleting=True)  # tells the browser; it was never registered
        return None

    comm_open.cbt_comm_limit = limit  # type: ignore[attr-defined]
    handlers["comm_open"] = comm_open
    return True
