"""Optional LLM engine: any OpenAI-compatible chat-completions endpoint.

Configured by ``CBT_LLM_URL`` (e.g. ``http://127.0.0.1:11434/v1`` for Ollama),
``CBT_LLM_MODEL`` and ``CBT_LLM_API_KEY`` (and ``CBT_LLM_TIMEOUT`` in seconds, default 10):
the ``llm_*`` options of :class:`toolkit.config.Settings`, read at call time. No text leaves
the machine unless the URL is set. The crisis gate runs on the input before any request and on
every string of the answer; a timeout, an HTTP error, a malformed answer or an unsafe one
falls back to the offline engine, and ``notice`` says so.
Only the standard library is used (``urllib.request``).

What keeps a weak or misbehaving model from reaching the client:

- the crisis gate runs on the input before any request (a crisis text is never sent) and on
  every string of the answer (an answer that trips it is dropped whole);
- the answer is read against the JSON schema the request sends, item by item: an unknown trap
  id, a score that is no number, a cue the thought does not contain word for word, a string
  where a list belongs is dropped, and the rest is kept;
- a trap is shown only with a cue found word for word in the thought; every balanced thought
  must be whole (it ends a sentence and repeats none: an answer cut off or looping fails) and
  pass the same checklist as the offline engine's ideas
  (:func:`~toolkit.reframing.checklist.check_reframe`, with its grammar gate), and every
  question must read as one short grammatical question; the offline engine's ideas for the
  same traps fill the places of those dropped;
- one latency budget (``CBT_LLM_TIMEOUT``) covers the whole call; a timeout, an HTTP error,
  an unreadable answer or one with nothing usable falls back to the offline engine, and
  ``notice`` says why;
- results are cached per thought and situation (and endpoint), so a page that asks again
  makes no second request.

The request sends the schema as ``response_format: json_schema`` (OpenAI, vLLM, Ollama); an
endpoint that refuses that form with HTTP 400, 422 or 500 (llama-cpp-python's server: 500) is asked
once more with ``json_object`` plus ``schema``, and that choice is remembered per endpoint.
The prompt follows the task framing of Sharma et al. (2023) and shows, as examples, balanced
thoughts retrieved from our own bank for the thought (:mod:`toolkit.reframing.bank`), the
retrieval-enhanced idea of the same paper.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from toolkit.exercises.answers import free_text

from . import safety, suggest
from .analysis import (
    MAX_INPUT,
    MAX_TRAPS,
    REFRAMES_PER_TRAP,
    Analysis,
    TrapHit,
    analyze_offline,
    crisis_analysis,
)
from .checklist import check_reframe
from .engine import get_engine
from .grammar import grammatical

if TYPE_CHECKING:
    from pathlib import Path

    from toolkit.config import Settings

DEFAULT_TIMEOUT = 10.0
MAX_TOKENS = 450
"""Answer length asked for: a model that rambles is cut here rather than filling its context."""
MAX_IDEAS = 6
"""Balanced thoughts (and questions) asked for: two per trap."""
CACHE_SIZE = 256
"""Thoughts whose LLM result is kept in memory (per process)."""
MAX_IDEA_CHARS = 300
MAX_QUESTION_WORDS = 30
EXAMPLES = 3
"""Balanced thoughts from the bank shown to the model as examples."""
_FORMAT_REFUSED = frozenset({400, 422, 500})
"""HTTP answers to ``json_schema`` after which ``json_object`` is tried (llama-cpp-python's
server refuses ``json_schema`` with a validation error it sends as HTTP 500)."""
"""Balanced thoughts from the bank shown to the model as examples."""


@dataclass(frozen=True)
class LLMSettings:
    """Where and how to call the chat endpoint."""

    url: str
    model: str
    api_key: str = ""
    timeout: float = DEFAULT_TIMEOUT

    @property
    def endpoint(self) -> str:
        """The full chat-completions URL (``/v1/chat/completions`` is added when missing)."""
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        if base.endswith("/v1"):
            return base + "/chat/completions"
        return base + "/v1/chat/completions"


def settings(config: Settings | None = None) -> LLMSettings | None:
    """The endpoint of ``config`` (default: :func:`toolkit.config.current`), or None when
    ``CBT_LLM_URL`` is not set."""
    from toolkit.config import current

    config = config or current()
    if not config.llm_url:
        return None
    return LLMSettings(
        url=config.llm_url,
        model=config.llm_model or "default",
        api_key=config.llm_api_key,
        timeout=config.llm_timeout or DEFAULT_TIMEOUT,
    )


class LLMError(RuntimeError):
    """The endpoint could not give a usable answer; the message is safe to show."""

    requests = 0
    """HTTP requests made before the problem showed."""


class _TransportError(LLMError):
    """A timeout, an HTTP error or no connection: worth asking again later."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Consultation:
    """One LLM call and what became of it (what :func:`analyze_llm` returns, in detail).

    Attributes
    ----------
    analysis
        What the client is shown.
    offered
        The balanced thoughts the model wrote, as it wrote them.
    kept
        Those of ``offered`` that passed the checks and are shown, first.
    offered_questions, kept_questions
        The same for Socratic questions.
    requests
        HTTP requests this call made (0 when gated, empty or served from the cache).
    cached
        True when the result came from the cache.
    """

    analysis: Analysis
    offered: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    offered_questions: tuple[str, ...] = ()
    kept_questions: tuple[str, ...] = ()
    requests: int = 0
    cached: bool = False


_CACHE: OrderedDict[tuple[str, ...], Consultation] = OrderedDict()
_FORMATS: dict[str, str] = {}
"""The ``response_format`` type each endpoint accepted (``json_schema`` or ``json_object``)."""
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every cached result and every endpoint's accepted answer format."""
    with _LOCK:
        _CACHE.clear()
        _FORMATS.clear()


def _schema(trap_ids: list[str]) -> dict[str, Any]:
    text = {"type": "string"}  # no maxLength: as a grammar it slows llama.cpp's sampling badly
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["traps", "reframes", "questions"],
        "properties": {
            "traps": {
                "type": "array",
                "maxItems": MAX_TRAPS,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "score", "cues", "why"],
                    "properties": {
                        "id": {"type": "string", "enum": trap_ids},
                        "score": {"type": "number", "minimum": 0, "maximum": 1},
                        "cues": {
                            "type": "array",
                            "maxItems": 4,
                            "items": {"type": "string"},
                        },
                        "why": {"type": "string"},
                    },
                },
            },
            "reframes": {"type": "array", "items": text, "maxItems": MAX_IDEAS},
            "questions": {"type": "array", "items": text, "maxItems": MAX_IDEAS},
        },
    }


def _messages(
    thought: str, situation: str, traps: dict[str, str], examples: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    listing = "\n".join(f"- {trap_id}: {definition}" for trap_id, definition in traps.items())
    system = (
        "You help a person practise cognitive reframing, as in cognitive behavioural therapy. "
        "Given a situation and an automatic thought, name at most three thinking traps from "
        "this list (use the ids exactly), most likely first, with a score from 0 to 1, the exact "
        "words of the thought that show each trap (cues must be copied from the thought), and "
        "a short reason. Then write two balanced thoughts per trap in the first person: "
        "short plain words, name the feeling, reuse the person's own words, avoid absolute "
        "words (always, never, should, must), be kind but not falsely positive, and end with a "
        "small next step. Then write two open Socratic questions per trap. If the thought "
        "shows no trap, return empty lists of traps and reframes. Answer with JSON only.\n"
        f"Thinking traps:\n{listing}"
    )
    if examples:
        shown = "\n".join(f"- {text}" for text in examples)
        system += (
            "\nBalanced thoughts people wrote for thoughts like this one (write new ones in "
            f"the same spirit; do not copy them):\n{shown}"
        )
    user = json.dumps({"situation": situation, "thought": thought}, ensure_ascii=False)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _post(settings: LLMSettings, body: dict[str, Any], timeout: float) -> dict[str, Any]:
    data = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
        settings.endpoint, data=data, headers=headers, method="POST"
    )
    too_long = "the AI service took too long to answer"
    if timeout <= 0:
        raise _TransportError(too_long)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            payload = response.read(2_000_000)
    except urllib.error.HTTPError as exc:
        msg = f"the AI service answered with HTTP {exc.code}"
        raise _TransportError(msg, exc.code) from None
    except TimeoutError:
        raise _TransportError(too_long) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise _TransportError(too_long) from None
        msg = "the AI service could not be reached"
        raise _TransportError(msg) from None
    unreadable = "the AI service gave an answer that could not be read"
    try:
        parsed = json.loads(payload)
        content = parsed["choices"][0]["message"]["content"]
        answer = json.loads(content) if isinstance(content, str) else content
    except (ValueError, KeyError, IndexError, TypeError):
        raise LLMError(unreadable) from None
    if not isinstance(answer, dict):
        raise LLMError(unreadable)
    return answer


def _ask(settings: LLMSettings, body: dict[str, Any], schema: dict[str, Any]) -> tuple[Any, int]:
    """Send ``body`` with ``schema`` as the answer format; the answer and the requests made.

    The whole call, a retry in the other answer format included, stays within
    ``settings.timeout``.
    """
    deadline = time.monotonic() + settings.timeout
    with _LOCK:
        known = _FORMATS.get(settings.endpoint)
    formats = [known] if known else ["json_schema", "json_object"]
    requests = 0
    for kind in formats:
        if kind == "json_schema":
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": "thinking_traps", "strict": True, "schema": schema},
            }
        else:
            response_format = {"type": "json_object", "schema": schema}
        requests += 1
        try:
            answer = _post(
                settings, {**body, "response_format": response_format}, deadline - time.monotonic()
            )
        except _TransportError as exc:
            if exc.code in _FORMAT_REFUSED and kind != formats[-1]:
                continue  # this endpoint does not take that answer format: try the other
            exc.requests = requests
            raise
        except LLMError as exc:
            exc.requests = requests
            raise
        with _LOCK:
            _FORMATS[settings.endpoint] = kind
        return answer, requests
    msg = "the AI service refused the request"  # unreachable: the loop returns or raises
    raise _TransportError(msg)


def _strings(value: Any, limit: int, length: int = 600) -> tuple[str, ...]:
    """The non-empty strings of a list (anything else in it, or a non-list, is dropped)."""
    if not isinstance(value, list):
        return ()
    out = [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return tuple(dict.fromkeys(text for text in out if len(text) <= length))[:limit]


def _hits(raw: Any, thought: str, names: dict[str, str]) -> tuple[TrapHit, ...]:
    """The model's traps that match the schema: known id, numeric score, cues in the thought."""
    if not isinstance(raw, list):
        return ()
    hits: dict[str, TrapHit] = {}
    for item in raw[:MAX_TRAPS]:
        if not isinstance(item, dict) or item.get("id") not in names or item["id"] in hits:
            continue
        trap_id = str(item["id"])
        score = item.get("score")
        if isinstance(score, bool) or not isinstance(score, int | float):
            continue
        cues = tuple(
            cue for cue in _strings(item.get("cues", []), 8, 60) if cue in thought
        )  # only the client's own words can be highlighted
        if not cues:
            continue  # a trap the model cannot point to in the client's words is not shown
        spans = tuple((thought.index(cue), thought.index(cue) + len(cue)) for cue in cues)
        why = item.get("why", "")
        hits[trap_id] = TrapHit(
            id=trap_id,
            name=names[trap_id],
            score=round(min(1.0, max(0.0, float(score))), 3),
            cues=cues,
            why=why.strip()[:300] if isinstance(why, str) else "",
            spans=spans,
        )
    return tuple(sorted(hits.values(), key=lambda hit: -hit.score))


def _whole(text: str) -> bool:
    """A finished text: it ends a sentence and says no sentence twice (a model cut off by
    ``max_tokens``, or looping, fails)."""
    sentences = [part.strip().lower() for part in re.split(r"(?<=[.!?])\s+", text) if part]
    return text.endswith((".", "!", '"', "”")) and len(set(sentences)) == len(sentences)


def _good_question(text: str) -> bool:
    """One short grammatical question."""
    words = len(text.split())
    return (
        text.endswith("?")
        and text.count("?") == 1
        and 3 <= words <= MAX_QUESTION_WORDS
        and grammatical(text)
    )


def _offline_ideas(
    thought: str,
    situation: str,
    hits: tuple[TrapHit, ...],
    offline: Analysis,
    traps_file: Path | None,
) -> tuple[list[str], list[str]]:
    """The offline engine's reframes and questions for the traps shown."""
    if [h.id for h in hits] == [h.id for h in offline.traps]:
        return list(offline.reframes), list(offline.questions)
    visible = get_engine(traps_file).visible
    reframes: list[str] = []
    questions: list[str] = []
    for hit in hits:
        cue = hit.cues[0] if hit.cues else ""
        reframes += suggest.reframes(
            thought, situation, hit.id, cue, count=REFRAMES_PER_TRAP, exclude=tuple(reframes)
        )
        for question in suggest.questions(visible[hit.id].questions, cue, thought):
            if question not in questions:
                questions.append(question)
    return reframes, questions


def _merge(
    answer: dict[str, Any],
    thought: str,
    situation: str,
    *,
    offline: Analysis,
    names: dict[str, str],
    traps_file: Path | None,
) -> Consultation:
    """The client's result from a schema-checked model answer, with the offline engine's ideas
    filling whatever the model got wrong."""
    offered = _strings(answer.get("reframes"), MAX_IDEAS, MAX_IDEA_CHARS)
    offered_questions = _strings(answer.get("questions"), MAX_IDEAS, MAX_IDEA_CHARS)
    model_hits = _hits(answer.get("traps"), thought, names)
    hits = model_hits or offline.traps
    trap_ids = [hit.id for hit in hits] or [""]
    kept = tuple(
        text
        for text in offered
        if _whole(text)
        and any(check_reframe(text, thought, trap, situation).passed for trap in trap_ids)
    )
    kept_questions = tuple(q for q in offered_questions if _good_question(q))
    if not (model_hits or kept or kept_questions):
        msg = "the AI answer had no usable suggestion"
        raise LLMError(msg)
    fill_reframes, fill_questions = _offline_ideas(
        thought, situation, hits, offline=offline, traps_file=traps_file
    )
    places = REFRAMES_PER_TRAP * max(1, len(hits))
    reframes = tuple(dict.fromkeys([*kept, *fill_reframes]))[: max(places, len(kept))]
    questions = tuple(dict.fromkeys([*kept_questions, *fill_questions]))[
        : max(places, len(kept_questions))
    ]
    return Consultation(
        analysis=Analysis(
            crisis=False, traps=hits, reframes=reframes, questions=questions, engine="llm"
        ),
        offered=offered,
        kept=kept,
        offered_questions=offered_questions,
        kept_questions=kept_questions,
    )


def consult(
    thought: str,
    situation: str,
    settings: LLMSettings,
    *,
    traps_file: Path | None = None,
) -> Consultation:
    """:func:`analyze_llm` with the details: what the model offered and what was kept."""
    gate = safety.check(f"{thought}\n{situation}")
    if gate.crisis:
        return Consultation(analysis=crisis_analysis(gate))
    thought = thought[:MAX_INPUT]
    situation = situation[:MAX_INPUT]
    if not thought.strip():
        return Consultation(analysis=Analysis(crisis=False, engine="llm"))
    key = (settings.endpoint, settings.model, str(traps_file or ""), thought, situation)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return replace(_CACHE[key], requests=0, cached=True)
    offline = analyze_offline(thought, situation, traps_file)
    visible = get_engine(traps_file).visible
    names = {trap_id: trap.name for trap_id, trap in visible.items()}
    schema = _schema(list(names))
    body = {
        "model": settings.model,
        "temperature": 0,
        "max_tokens": MAX_TOKENS,
        "messages": _messages(
            thought,
            situation,
            {k: t.definition for k, t in visible.items()},
            offline.reframes[:EXAMPLES],
        ),
    }
    requests = 0
    try:
        answer, requests = _ask(settings, body, schema)
        if safety.check("\n".join(free_text(answer))).crisis:
            msg = "the AI answer did not pass the safety check"
            raise LLMError(msg)
        result = _merge(
            answer, thought, situation, offline=offline, names=names, traps_file=traps_file
        )
    except _TransportError as exc:  # not cached: the service may answer next time
        return Consultation(analysis=_fallback(offline, f"{exc}"), requests=exc.requests)
    except LLMError as exc:
        requests = exc.requests or requests
        result = Consultation(analysis=_fallback(offline, f"{exc}"))
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return replace(result, requests=requests)


def analyze_llm(
    thought: str,
    situation: str,
    settings: LLMSettings,
    *,
    traps_file: Path | None = None,
) -> Analysis:
    """Analyse with the LLM endpoint; fall back to the offline engine on any problem.

    The crisis gate runs on the input first: a text at either tier (``check`` or ``crisis``)
    never reaches the endpoint. The same gate reads the answer; an answer that trips it is
    dropped for the offline suggestions. Ideas that fail the checklist are replaced by the
    offline engine's. See :func:`consult` for what the model offered and what was kept.
    """
    return consult(thought, situation, settings, traps_file=traps_file).analysis


def _fallback(offline: Analysis, reason: str) -> Analysis:
    notice = f"AI suggestions are not available ({reason}); showing offline suggestions instead."
    return replace(offline, engine="offline", notice=notice)


__all__ = [
    "DEFAULT_TIMEOUT",
    "Consultation",
    "LLMError",
    "LLMSettings",
    "analyze_llm",
    "clear_cache",
    "consult",
    "settings",
]
