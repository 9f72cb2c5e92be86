"""Receive the page request in a preheated Voila kernel, without importing Voila itself.

A preheated kernel runs the notebook before anyone asks for the page; when a request arrives,
Voila hands the request's details (query string, path …) to that kernel over a websocket at
``/voila/query/<kernel id>``. Voila's own helper for this imports the whole server package
(jupyter_server, jupyterlab_server: ~40 MB and ~0.4 s per kernel); this module speaks the same
small protocol with only ``websockets`` (already a Voila dependency).
"""

from __future__ import annotations

import asyncio
import json
import os
import threading

WAIT_SECONDS = 3600.0


def is_preheated() -> bool:
    """Whether this kernel was started by Voila's preheated pool."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def _query_url() -> str:
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel = os.environ.get("VOILA_KERNEL_ID", "")
    return f"{protocol}://{host}:{port}{base}voila/query/{kernel}"


async def _receive(url: str) -> str | None:
    import websockets

    try:
        async with websockets.connect(url, open_timeout=10) as socket:
            message = await asyncio.wait_for(socket.recv(), timeout=WAIT_SECONDS)
    except (OSError, TimeoutError, websockets.WebSocketException):
        return None
    return message if isinstance(message, str) else message.decode("utf-8")


def wait_for_request() -> None:
    """Block until Voila sends this kernel its request, then put it in ``os.environ``.

    Runs the websocket client on its own event loop in a thread, because the kernel's loop is
    busy executing the notebook cell that called this.
    """
    if not is_preheated():
        return
    received: list[str | None] = []
    worker = threading.Thread(
        target=lambda: received.append(asyncio.run(_receive(_query_url()))), daemon=True
    )
    worker.start()
    worker.join()
    if received and received[0]:
        for key, value in json.loads(received[0]).items():
            os.environ[key] = str(value)
