"""A preheated kernel receives its request over Voila's query websocket (a real one, locally)."""

from __future__ import annotations

import asyncio
import json
import os
import threading

import pytest
import websockets

from toolkit import preheat


def test_not_preheated_returns_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "exercise=x")
    preheat.wait_for_request()
    assert os.environ["QUERY_STRING"] == "exercise=x"


def test_preheated_kernel_gets_the_query_string(monkeypatch: pytest.MonkeyPatch) -> None:
    paths: list[str] = []
    ready = threading.Event()
    stop: list[asyncio.AbstractEventLoop] = []
    port: list[int] = []

    async def handler(socket: websockets.ServerConnection) -> None:
        paths.append(socket.request.path if socket.request else "")
        await socket.send(json.dumps({"QUERY_STRING": "exercise=thought_record"}))

    async def serve() -> None:
        async with websockets.serve(handler, "127.0.0.1", 0) as server:
            port.append(next(iter(server.sockets)).getsockname()[1])
            stop.append(asyncio.get_running_loop())
            ready.set()
            await asyncio.Future()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    assert ready.wait(10)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port[0]))
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-123")
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    preheat.wait_for_request()
    assert os.environ["QUERY_STRING"] == "exercise=thought_record"
    assert paths == ["/voila/query/k-123"]
    monkeypatch.delenv("QUERY_STRING")


def test_no_server_does_not_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", "9")  # nothing listens on the discard port
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")
    monkeypatch.setenv("QUERY_STRING", "untouched")
    preheat.wait_for_request()
    assert os.environ["QUERY_STRING"] == "untouched"
