"""A flood of small ``comm_open`` messages over a real page's websocket (a real `cbt serve`,
a real kernel, a real browser holding the page): past ``MAX_CLIENT_COMMS`` the kernel refuses
them and creates nothing, and the page's own widgets keep working."""

from __future__ import annotations

import asyncio
import json
import struct
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.test_serverapp import kernels_below, start_serve, stop_serve
from toolkit.kernel import MAX_CLIENT_COMMS

pytestmark = pytest.mark.browser
FLOOD = 300


def _message(msg_type: str, content: dict[str, Any], number: int, protocol: str = "2.1.0") -> str:
    """A shell message as a browser sends it (``protocol``: the widget protocol's version, the
    control comm's is 1.0.0)."""
    header = {
        "msg_id": f"flood-{number}",
        "msg_type": msg_type,
        "session": "flood",
        "username": "",
        "version": "5.3",
    }
    message = {
        "header": header,
        "parent_header": {},
        "metadata": {"version": protocol},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }
    return json.dumps(message)


def _widget_state(number: int, shared: dict[str, str]) -> dict[str, Any]:
    """An HTML widget's state; its layout and style are models the page has already (without
    them ipywidgets creates both lazily, in the middle of answering ``request_states``)."""
    controls = "@jupyter-widgets/controls"
    return {
        "layout": f"IPY_MODEL_{shared['LayoutModel']}",
        "style": f"IPY_MODEL_{shared['HTMLStyleModel']}",
        "_model_module": controls,
        "_model_module_version": "2.0.0",
        "_model_name": "HTMLModel",
        "_view_module": controls,
        "_view_module_version": "2.0.0",
        "_view_name": "HTMLView",
        "value": f"flood {number} " + "x" * 2000,
    }


def _decode(frame: str | bytes) -> dict[str, Any]:
    """A kernel message from the websocket: JSON text, or Jupyter's binary framing (a count, the
    offsets, then the JSON message and its buffers)."""
    if isinstance(frame, str):
        text: dict[str, Any] = json.loads(frame)
        return text
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4 : 4 + 4 * count])
    end = offsets[1] if count > 1 else len(frame)
    decoded: dict[str, Any] = json.loads(frame[offsets[0] : end])
    return decoded


async def _flood(url: str) -> dict[str, Any]:
    """Count the kernel's widgets, send :data:`FLOOD` widget ``comm_open`` messages, count again.

    The counts come from ``request_states`` on a control comm opened before the flood; shell
    messages are handled in order, so the second answer comes after every flood message.
    """
    import websockets

    refused: set[str] = set()
    leaked: list[str] = []
    flood_ids = {f"flood-comm-{n}" for n in range(FLOOD)}

    async with websockets.connect(url, max_size=None) as socket:

        async def states(number: int) -> dict[str, Any]:
            await socket.send(
                _message(
                    "comm_msg",
                    {"comm_id": "flood-control", "data": {"method": "request_states"}},
                    number,
                    protocol="1.0.0",
                )
            )
            async with asyncio.timeout(120):
                while True:
                    message = _decode(await socket.recv())
                    content = message.get("content", {})
                    if message.get("msg_type") in ("stream", "error"):
                        leaked.append(json.dumps(content))
                    if (
                        message.get("msg_type") == "comm_close"
                        and content.get("comm_id") in flood_ids
                    ):
                        refused.add(content["comm_id"])
                    data = content.get("data", {})
                    if (
                        content.get("comm_id") == "flood-control"
                        and data.get("method") == "update_states"
                    ):
                        found: dict[str, Any] = data["states"]
                        return found

        # one the kernel cannot honour (an unknown protocol version): it fails in the kernel
        bad = {"comm_id": "flood-bad", "target_name": "jupyter.widget.control", "data": {}}
        await socket.send(_message("comm_open", bad, 0, protocol="9.0.0"))
        control = {"comm_id": "flood-control", "target_name": "jupyter.widget.control", "data": {}}
        await socket.send(_message("comm_open", control, 0, protocol="1.0.0"))
        before = await states(1)
        shared = {state["model_name"]: model for model, state in before.items()}
        assert {"LayoutModel", "HTMLStyleModel"} <= set(shared)
        for n in range(FLOOD):
            content = {
                "comm_id": f"flood-comm-{n}",
                "target_name": "jupyter.widget",
                "data": {"state": _widget_state(n, shared), "buffer_paths": []},
            }
            await socket.send(_message("comm_open", content, 10 + n))
        after = await states(2)
    return {"before": len(before), "after": len(after), "refused": len(refused), "leaked": leaked}


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def test_a_comm_open_flood_is_bounded_and_the_page_still_works(
    browser, tmp_path: Path, artifacts: Path
) -> None:  # type: ignore[no-untyped-def]
    served = start_serve(tmp_path, CBT_MAX_KERNELS="4")
    try:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(served.base + "/voila/render/learn.ipynb")
        page.get_by_role("heading", name="Learn about thinking traps").wait_for()
        kernel_id = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        (kernel_pid,) = kernels_below(served.process.pid)
        rss_before = _rss_kib(kernel_pid)
        url = served.base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels"
        # Playwright's synchronous API holds an event loop in this thread: flood from another
        with ThreadPoolExecutor(max_workers=1) as pool:
            counts = pool.submit(asyncio.run, _flood(url)).result(timeout=600)
        rss_after = _rss_kib(kernel_pid)
        print(
            f"comm_open flood of {FLOOD}: widgets {counts['before']} -> {counts['after']}, "
            f"{counts['refused']} refused; kernel RSS {rss_before // 1024} -> "
            f"{rss_after // 1024} MiB"
        )
        created = counts["after"] - counts["before"]
        assert 0 < created <= MAX_CLIENT_COMMS, "some were accepted, at most the cap"
        assert counts["refused"] >= FLOOD - MAX_CLIENT_COMMS, "the rest got a comm_close"
        leaks = [text for text in counts["leaked"] if "Traceback" in text or ".py" in text]
        assert leaks == [], "a failed comm_open sends no traceback or path to the browser"

        # the page's own widgets still answer: the sandbox checks a thought in the kernel
        page.get_by_role("tab", name="Sandbox").click()
        page.get_by_role("heading", name="Reframing sandbox").wait_for()
        page.get_by_label("Your balanced thought").fill("Just think positive!")
        page.get_by_role("button", name="Check my balanced thought").click()
        # the first check builds the engine and loads the grammar lexicon: allow for it
        checklist = page.locator(".cbt-checklist").last
        expect(checklist).to_contain_text("Not a command", timeout=60_000)
        page.screenshot(path=artifacts / "after-comm-flood.png", full_page=True)
        page.goto("about:blank")
        context.close()
    finally:
        stop_serve(served.process)
