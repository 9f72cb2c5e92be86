"""Optional LLM engine: any OpenAI-compatible chat-completions endpoint.

Configured by ``CBT_LLM_URL`` (e.g. ``http://127.0.0.1:11434/v1`` for Ollama),
``CBT_LLM_MODEL`` and ``CBT_LLM_API_KEY`` (and ``CBT_LLM_TIMEOUT`` in seconds, default 10):
the ``llm_*`` options of :class:`toolkit.config.Settings`, read at call time. No text leaves
the machine unless the URL is set. The crisis gate runs on the input before any request and on
every string of the answer; a timeout, an HTTP error, a malformed answer or an unsafe one
falls back to the offline engine, and ``notice`` says so.
Only the standard library is used (``urllib.request``).

The prompt asks for the same result shape as the offline engine, with a JSON schema
(``response_format: json_schema``), following the task framing of Sharma et al. (2023).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import safety
from .analysis import MAX_INPUT, MAX_TRAPS, Analysis, TrapHit, analyze_offline, crisis_analysis
from .engine import get_engine

if TYPE_CHECKING:
    from pathlib import Path

    from toolkit.config import Settings

DEFAULT_TIMEOUT = 10.0


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


def _schema(trap_ids: list[str]) -> dict[str, Any]:
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
                        "cues": {"type": "array", "items": {"type": "string"}},
                        "why": {"type": "string"},
                    },
                },
            },
            "reframes": {"type": "array", "items": {"type": "string"}, "maxItems": 9},
            "questions": {"type": "array", "items": {"type": "string"}, "maxItems": 9},
        },
    }


def _messages(thought: str, situation: str, traps: dict[str, str]) -> list[dict[str, str]]:
    listing = "\n".join(f"- {trap_id}: {definition}" for trap_id, definition in traps.items())
    system = (
        "You help a person practise cognitive reframing, as in cognitive behavioural therapy. "
        "Given a situation and an automatic thought, name at most three thinking traps from "
        "this list (use the ids exactly), most likely first, with a score from 0 to 1, the exact "
        "words of the thought that show each trap (cues must be copied from the thought), and "
        "a short reason. Then write three balanced thoughts per trap in the first person: "
        "short plain words, name the feeling, reuse the person's own words, avoid absolute "
        "words (always, never, should, must), be kind but not falsely positive, and end with a "
        "small next step. Then write three open Socratic questions per trap. If the thought "
        "shows no trap, return empty lists of traps and reframes. Answer with JSON only.\n"
        f"Thinking traps:\n{listing}"
    )
    user = json.dumps({"situation": situation, "thought": thought}, ensure_ascii=False)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _post(settings: LLMSettings, body: dict[str, Any]) -> dict[str, Any]:
    data = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
        settings.endpoint, data=data, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:  # noqa: S310
            payload = response.read(2_000_000)
    except urllib.error.HTTPError as exc:
        msg = f"the AI service answered with HTTP {exc.code}"
        raise LLMError(msg) from None
    except TimeoutError:
        msg = "the AI service took too long to answer"
        raise LLMError(msg) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            msg = "the AI service took too long to answer"
        else:
            msg = "the AI service could not be reached"
        raise LLMError(msg) from None
    try:
        parsed = json.loads(payload)
        content = parsed["choices"][0]["message"]["content"]
        answer = json.loads(content) if isinstance(content, str) else content
    except (ValueError, KeyError, IndexError, TypeError):
        msg = "the AI service gave an answer that could not be read"
        raise LLMError(msg) from None
    if not isinstance(answer, dict):
        msg = "the AI service gave an answer that could not be read"
        raise LLMError(msg)
    return answer


def _strings(value: Any, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list):
        msg = "the AI service gave an answer in an unexpected shape"
        raise LLMError(msg)
    out = [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return tuple(dict.fromkeys(text[:600] for text in out))[:limit]


def _to_analysis(answer: dict[str, Any], thought: str, names: dict[str, str]) -> Analysis:
    raw_traps = answer.get("traps")
    if not isinstance(raw_traps, list):
        msg = "the AI service gave an answer in an unexpected shape"
        raise LLMError(msg)
    hits: list[TrapHit] = []
    for item in raw_traps[:MAX_TRAPS]:
        if not isinstance(item, dict) or item.get("id") not in names:
            continue
        trap_id = str(item["id"])
        try:
            score = min(1.0, max(0.0, float(item.get("score", 0.5))))
        except (TypeError, ValueError):
            score = 0.5
        cues = tuple(
            cue for cue in _strings(item.get("cues", []), 8) if cue in thought
        )  # only the client's own words can be highlighted
        spans = tuple((thought.index(cue), thought.index(cue) + len(cue)) for cue in cues)
        why = item.get("why", "")
        hits.append(
            TrapHit(
                id=trap_id,
                name=names[trap_id],
                score=round(score, 3),
                cues=cues,
                why=why[:300] if isinstance(why, str) else "",
                spans=spans,
            )
        )
    hits.sort(key=lambda hit: -hit.score)
    reframes = _strings(answer.get("reframes", []), 9)
    questions = _strings(answer.get("questions", []), 9)
    if raw_traps and not hits:
        msg = "the AI service named thinking traps that are not in the list"
        raise LLMError(msg)
    return Analysis(
        crisis=False, traps=tuple(hits), reframes=reframes, questions=questions, engine="llm"
    )


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
    dropped for the offline suggestions.
    """
    gate = safety.check(f"{thought}\n{situation}")
    if gate.crisis:
        return crisis_analysis(gate)
    thought = thought[:MAX_INPUT]
    situation = situation[:MAX_INPUT]
    if not thought.strip():
        return Analysis(crisis=False, engine="llm")
    visible = get_engine(traps_file).visible
    names = {trap_id: trap.name for trap_id, trap in visible.items()}
    body = {
        "model": settings.model,
        "temperature": 0,
        "messages": _messages(thought, situation, {k: t.definition for k, t in visible.items()}),
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "thinking_traps",
                "strict": True,
                "schema": _schema(list(names)),
            },
        },
    }
    try:
        result = _to_analysis(_post(settings, body), thought, names)
    except LLMError as exc:
        return _fallback(thought, situation, traps_file, f"{exc}")
    output = "\n".join([*result.reframes, *result.questions, *(h.why for h in result.traps)])
    if safety.check(output).crisis:
        return _fallback(
            thought, situation, traps_file, "the AI answer did not pass the safety check"
        )
    return result


def _fallback(thought: str, situation: str, traps_file: Path | None, reason: str) -> Analysis:
    offline = analyze_offline(thought, situation, traps_file)
    notice = f"AI suggestions are not available ({reason}); showing offline suggestions instead."
    return Analysis(
        crisis=offline.crisis,
        traps=offline.traps,
        reframes=offline.reframes,
        questions=offline.questions,
        engine="offline",
        notice=notice,
        crisis_resources=offline.crisis_resources,
        crisis_rules=offline.crisis_rules,
        risk=offline.risk,
    )


__all__ = ["DEFAULT_TIMEOUT", "LLMError", "LLMSettings", "analyze_llm", "settings"]
