"""Exports of one completed worksheet or questionnaire: Markdown for people, JSON for machines."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from toolkit.exercises import Worksheet
from toolkit.exercises.responses import as_text

EXPORT_FORMAT = "cbt-toolkit/response@1"


def record_markdown(
    sheet: Worksheet, answers: Mapping[str, Any], completed: dt.datetime | None = None
) -> str:
    """A readable Markdown copy of a completed worksheet.

    User text is kept verbatim (Markdown is text, not HTML; a viewer that renders it must
    escape it like any other input).
    """
    when = (completed or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# {sheet.title}", "", f"Completed {when}", ""]
    for step in sheet.steps:
        lines += [f"## {step.title}", ""]
        for field in step.fields:
            text = as_text(field, answers.get(field.id))
            lines.append(f"**{field.label}**")
            lines.append("")
            lines.extend(text.splitlines() or ["—"])
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def record_json(
    sheet: Worksheet,
    answers: Mapping[str, Any],
    completed: dt.datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The completed worksheet as JSON: exercise id, schema version, time and the answers."""
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exercise": sheet.id,
        "exercise_title": sheet.title,
        "schema_version": sheet.schema_version,
        "completed": (completed or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "answers": dict(answers),
    }
    if extra:
        document.update(extra)
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
