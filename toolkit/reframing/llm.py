"""Placeholder replaced below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from .analysis import Analysis


@dataclass(frozen=True)
class LLMSettings:
    url: str
    model: str
    api_key: str
    timeout: float


def settings() -> LLMSettings | None:
    return None


def analyze_llm(
    thought: str, situation: str, settings: LLMSettings, *, traps_file: Path | None = None
) -> Analysis:
    raise NotImplementedError
