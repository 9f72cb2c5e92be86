"""The LLM engine against a real OpenAI-style server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from toolkit.reframing import analyze, llm

GOOD_ANSWER = {
    "traps": [
        {
            "id": "overgeneralizing",
            "score": 0.9,
            "cues": ["always", "not in the thought"],
            "why": "One missed deadline is turned into a rule.",
        },
        {"id": "made_up_trap", "score": 0.8, "cues": [], "why": "ignored"},
    ],
    "reframes": [
        "I feel let down about the deadline. It was one deadline, and I can plan the next one.",
        "Missing the deadline was hard. I can ask for help and try a new plan.",
        "I feel stressed, and I can learn from this deadline.",
    ],
    "questions": [
        "Can you recall a time you met a deadline?",
        "What helped then?",
        "What is one thing to try?",
    ],
}


class _Handler(BaseHTTPRequestHandler):
    mode: ClassVar[str] = "good"
    requests: ClassVar[list[dict[str, Any]]] = []
    answered: ClassVar[int] = 0

    def log_message(self, *args: object) -> None:  # keep test output quiet
        del args

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        _Handler.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        mode = _Handler.mode
        if mode == "first_slow" and len(_Handler.requests) == 1:
            time.sleep(2.5)
            answer = dict(GOOD_ANSWER)
            answer["traps"] = [{"id": "labeling", "score": 0.9, "cues": [], "why": "late"}]
            content = json.dumps(answer)
        elif mode == "slow":
            time.sleep(1.5)
            content = json.dumps(GOOD_ANSWER)
        elif mode == "malformed":
            content = "Sure! Here are some traps: overgeneralizing {not json"
        elif mode == "unsafe":
            answer = dict(GOOD_ANSWER)
            answer["reframes"] = ["Maybe everyone would be better off without me."]
            content = json.dumps(answer)
        elif mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        elif mode == "no_json_schema" and body["response_format"]["type"] == "json_schema":
            self.send_response(422)  # as llama-cpp-python's server answers
            self.end_headers()
            return
        else:
            content = json.dumps(GOOD_ANSWER)
        reply = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "model": body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        }
        data = json.dumps(reply).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        _Handler.answered += 1


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Handler]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.mode = "good"
    _Handler.requests = []
    _Handler.answered = 0
    llm.clear_cache()
    monkeypatch.setenv("CBT_LLM_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
    monkeypatch.setenv("CBT_LLM_MODEL", "test-model")
    monkeypatch.setenv("CBT_LLM_API_KEY", "sk-test")
    monkeypatch.setenv("CBT_LLM_TIMEOUT", "0.5")
    yield _Handler
    llm.clear_cache()
    httpd.shutdown()
    httpd.server_close()


THOUGHT = "I always miss every deadline"


def test_good_answer_is_used(server: type[_Handler]) -> None:
    result = analyze(THOUGHT, situation="missed a deadline")
    assert result.engine == "llm"
    assert result.notice == ""
    assert [h.id for h in result.traps] == ["overgeneralizing"]  # unknown ids are dropped
    assert result.traps[0].cues == ("always",)  # only words that are in the thought
    assert result.traps[0].name == "Overgeneralizing"
    assert len(result.reframes) == 3
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "test-model"
    assert request["body"]["response_format"]["type"] == "json_schema"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("slow", "too long"),
        ("malformed", "could not be read"),
        ("unsafe", "safety check"),
        ("error", "HTTP 500"),
    ],
)
def test_problems_fall_back_to_the_offline_engine(
    server: type[_Handler], mode: str, reason: str
) -> None:
    server.mode = mode
    result = analyze(THOUGHT)
    assert result.engine == "offline"
    assert reason in result.notice
    assert "offline" in result.notice
    assert result.traps
    assert result.traps[0].id == "overgeneralizing"
    assert all("better off without me" not in r for r in result.reframes)


def test_ideas_that_fail_the_checklist_are_replaced_by_offline_ones(
    server: type[_Handler],
) -> None:
    from toolkit.reframing.checklist import check_reframe

    consultation = llm.consult(THOUGHT, "missed a deadline", llm.settings())  # type: ignore[arg-type]
    result = consultation.analysis
    assert consultation.offered == tuple(GOOD_ANSWER["reframes"])  # type: ignore[arg-type]
    for text in consultation.offered:
        passes = check_reframe(text, THOUGHT, "overgeneralizing", "missed a deadline").passed
        assert (text in consultation.kept) == passes
        assert (text in result.reframes) == passes
    assert len(result.reframes) == 3
    assert all(
        check_reframe(text, THOUGHT, "overgeneralizing", "missed a deadline").passed
        for text in result.reframes
    )


def test_the_result_is_cached_per_thought(server: type[_Handler]) -> None:
    first = analyze(THOUGHT, situation="missed a deadline")
    assert analyze(THOUGHT, situation="missed a deadline") == first
    assert len(server.requests) == 1
    analyze(THOUGHT, situation="a new job")
    assert len(server.requests) == 2


def test_transport_errors_are_not_cached(server: type[_Handler]) -> None:
    server.mode = "error"
    assert analyze(THOUGHT).engine == "offline"
    made = len(server.requests)  # 2: an HTTP 500 to json_schema is retried as json_object
    assert made == 2
    server.mode = "good"
    assert analyze(THOUGHT).engine == "llm"
    assert len(server.requests) == made + 1


def test_an_endpoint_without_json_schema_is_asked_with_json_object(
    server: type[_Handler],
) -> None:
    server.mode = "no_json_schema"
    assert analyze(THOUGHT).engine == "llm"
    assert [r["body"]["response_format"]["type"] for r in server.requests] == [
        "json_schema",
        "json_object",
    ]
    assert server.requests[1]["body"]["response_format"]["schema"]["required"] == [
        "traps",
        "reframes",
        "questions",
    ]
    analyze("I never get anything right")
    assert server.requests[2]["body"]["response_format"]["type"] == "json_object"
    assert len(server.requests) == 3


def test_crisis_input_never_reaches_the_endpoint(server: type[_Handler]) -> None:
    result = analyze("I want to end my life")
    assert result.crisis
    assert result.traps == ()
    assert result.reframes == ()
    assert server.requests == []


def test_unreachable_endpoint_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CBT_LLM_URL", "http://127.0.0.1:9/v1")  # discard port: nothing listens
    result = analyze(THOUGHT)
    assert result.engine == "offline"
    assert "could not be reached" in result.notice or "too long" in result.notice


def test_without_the_url_no_request_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CBT_LLM_URL", raising=False)
    result = analyze(THOUGHT)
    assert result.engine == "offline"
    assert result.notice == ""


def test_a_slow_endpoint_does_not_hold_the_page(
    server: type[_Handler], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a page (an event loop runs, as in a kernel) the offline suggestions show at once,
    the loop keeps serving other callbacks while the endpoint thinks, and the endpoint's
    answer replaces them when it comes."""
    import asyncio

    from toolkit.exercises import Worksheet, load_exercise
    from toolkit.ui.client_page import WorksheetPage

    server.mode = "slow"  # answers after 1.5 s
    monkeypatch.setenv("CBT_LLM_TIMEOUT", "6")
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)

    async def journey() -> tuple[Any, ...]:
        page = WorksheetPage(sheet, True)
        panel = page.suggestions
        assert panel is not None
        beats = 0

        def beat() -> None:
            nonlocal beats
            beats += 1
            asyncio.get_running_loop().call_later(0.05, beat)

        asyncio.get_running_loop().call_later(0.05, beat)
        page.form.views["automatic_thoughts"].value = {
            "thoughts": [{"text": THOUGHT, "belief": 80}],
            "hot": 0,
        }
        for _ in range(100):  # the typing pause, then the offline analysis
            await asyncio.sleep(0.05)
            if panel.analysis is not None:
                break
        first = (panel.analysis.engine, panel.waiting, beats)
        waiting_text = str(panel.traps_box.children[1].value)
        for _ in range(200):
            await asyncio.sleep(0.05)
            if not panel.waiting:
                break
        return first, waiting_text, beats, panel.analysis

    first, waiting_text, beats, final = asyncio.run(journey())
    assert first[0] == "offline"
    assert first[1] is True
    assert "Asking the AI model" in waiting_text
    assert beats - first[2] >= 10, "the event loop kept running while the endpoint thought"
    assert final.engine == "llm"
    assert final.reframes[0] == GOOD_ANSWER["reframes"][0]
    assert len(server.requests) == 1


def test_a_late_answer_for_an_old_thought_is_dropped(
    server: type[_Handler], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first thought's answer comes after the second thought's: it must not replace it."""
    import asyncio

    from toolkit.exercises import Worksheet, load_exercise
    from toolkit.ui.client_page import WorksheetPage

    server.mode = "first_slow"  # the first request waits 2.5 s and names labeling
    monkeypatch.setenv("CBT_LLM_TIMEOUT", "6")
    sheet = load_exercise("thought_record")
    assert isinstance(sheet, Worksheet)

    async def journey() -> tuple[Any, Any]:
        page = WorksheetPage(sheet, True)
        panel = page.suggestions
        assert panel is not None
        view = page.form.views["automatic_thoughts"]
        view.value = {"thoughts": [{"text": THOUGHT, "belief": 80}], "hot": 0}
        for _ in range(100):
            await asyncio.sleep(0.05)
            if server.requests:
                break
        assert panel.waiting
        view.value = {"thoughts": [{"text": "My sister never listens to me", "belief": 70}]}
        for _ in range(100):  # the second answer comes at once
            await asyncio.sleep(0.05)
            if len(server.requests) == 2 and not panel.waiting:
                break
        second = panel.analysis
        for _ in range(100):  # until the first, slow answer has come too
            await asyncio.sleep(0.05)
            if server.answered >= 2:
                break
        await asyncio.sleep(0.2)
        return second, panel

    second, panel = asyncio.run(journey())
    assert server.answered == 2
    assert second.engine == "llm"
    assert second.traps[0].id == "overgeneralizing"
    assert panel.analysed_text == "My sister never listens to me"
    assert panel.analysis is second, "the late answer for the old thought was dropped"
    assert not panel.waiting
