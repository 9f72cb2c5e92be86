"""Set-up of a page's kernel: errors go to the server log, never to the browser.

An exception in a widget callback is normally shown with ``showtraceback``: the traceback
(file paths, code lines, values) travels to the browser over the kernel's websocket even when
the page displays nothing. In our kernels it is written to the server log instead.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

logger = logging.getLogger("toolkit.kernel")


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
    return True
