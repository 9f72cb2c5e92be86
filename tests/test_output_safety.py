"""What leaves the server: client links, Markdown downloads and kernel errors."""

from __future__ import annotations

import datetime as dt
import queue
import re
from collections.abc import Iterator
from typing import Any

import mistune
import pytest

from toolkit.app import base_url
from toolkit.exercises import Worksheet, load_exercise
from toolkit.export import markdown_literal, record_markdown

HOSTILE = (
    "<img src=x onerror=alert(1)> <script>alert(2)</script> "
    "[click](javascript:alert(3)) ![i](http://evil.example/p.png) <javascript:alert(4)> "
    "```` fence break ````"
)


def test_a_forged_host_header_never_reaches_a_client_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CBT_BASE_URL", raising=False)
    monkeypatch.delenv("CBT_ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://evil.example/voila/render/therapist.ipynb")
    monkeypatch.setenv("SERVER_PORT", "8866")
    assert "evil" not in base_url()
    assert base_url() == "http://127.0.0.1:8866"
    # a preheated kernel only learns the Host header
    monkeypatch.delenv("VOILA_REQUEST_URL")
    monkeypatch.setenv("SERVER_NAME", "evil.example")
    assert "evil" not in base_url()
    monkeypatch.setenv("SERVER_NAME", "localhost")
    assert base_url() == "http://localhost:8866"


def test_links_come_from_the_configured_base_url_or_an_allowed_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://cbt.clinic.example/voila/render/x.ipynb")
    monkeypatch.setenv("CBT_ALLOWED_HOSTS", "cbt.clinic.example")
    monkeypatch.delenv("CBT_BASE_URL", raising=False)
    assert base_url() == "http://cbt.clinic.example"
    monkeypatch.setenv("CBT_BASE_URL", "https://clinic.example/cbt/")
    assert base_url() == "https://clinic.example/cbt"


def test_markdown_download_shows_user_text_verbatim_and_never_as_html() -> None:
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)
    field = next(f for step in sheet.steps for f in step.fields if f.kind == "long_text")
    markdown = record_markdown(sheet, {field.id: HOSTILE}, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert HOSTILE in markdown  # the file keeps what the client wrote
    rendered = mistune.html(markdown)
    assert isinstance(rendered, str)
    assert "<img" not in rendered
    assert "<script" not in rendered
    assert "<a " not in rendered
    assert "href=" not in rendered
    assert "&lt;script&gt;" in rendered


def test_a_literal_block_cannot_be_closed_from_inside() -> None:
    for text in ("```", "a ``` b", "````\n<b>x</b>\n````", "`"):
        block = markdown_literal(text)
        rendered = mistune.html(block)
        assert isinstance(rendered, str)
        assert "<b>" not in rendered
        assert re.fullmatch(r"<pre><code[^>]*>.*</code></pre>\s*", rendered, re.S), rendered


# -- a real kernel -------------------------------------------------------------------------------


@pytest.fixture
def kernel() -> Iterator[Any]:
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run(client: Any, code: str) -> list[dict[str, Any]]:
    """Execute ``code``; every iopub message the browser would receive for it."""
    msg_id = client.execute(code)
    messages = []
    while True:
        try:
            message = client.get_iopub_msg(timeout=60)
        except queue.Empty:
            break
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(message)
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    return messages


@pytest.mark.notebook
def test_a_failing_callback_sends_no_traceback_to_the_browser(kernel: Any) -> None:
    # outside our package the traceback reaches the client (this is what we prevent)
    plain = _run(
        kernel,
        "import ipywidgets as w\n"
        "b = w.Button(description='x')\n"
        "b.on_click(lambda _b: 1 / 0)\n"
        "b.click()\n",
    )
    assert any(m["msg_type"] == "error" for m in plain)
    ours = _run(kernel, "import toolkit.app\nb.click()\n")
    leaked = [m for m in ours if m["msg_type"] in {"error", "stream"}]
    text = repr([m["content"] for m in leaked])
    assert not [m for m in ours if m["msg_type"] == "error"]
    assert "Traceback" not in text
    assert "ZeroDivisionError" not in text
