"""Exports of one completed worksheet or questionnaire: Markdown for people, JSON for machines."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from toolkit.exercises import Worksheet
from toolkit.exercises.answers import RESPONSE_FORMAT, Extra, Response, parse_answers
from toolkit.exercises.responses import as_text

EXPORT_FORMAT = RESPONSE_FORMAT


def completed_at(completed: dt.datetime | None = None) -> dt.datetime:
    """When a record was completed, in UTC (now if not given; a naive time is taken as UTC).

    >>> completed_at(dt.datetime(2026, 12, 1, 9, 30, 5, 999)).isoformat()
    '2026-12-01T09:30:05.000999+00:00'
    """
    if completed is None:
        return dt.datetime.now(dt.UTC)
    if completed.tzinfo is None:
        return completed.replace(tzinfo=dt.UTC)
    return completed.astimezone(dt.UTC)


def record_markdown(
    sheet: Worksheet, answers: Mapping[str, Any], completed: dt.datetime | None = None
) -> str:
    """A readable Markdown copy of a completed worksheet.

    User text is kept verbatim but inside fenced blocks (:func:`markdown_literal`): a Markdown
    viewer shows it as typed and never as HTML, a link or an image.
    """
    when = completed_at(completed).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# {sheet.title}", "", f"Completed {when}", ""]
    for step in sheet.steps:
        lines += [f"## {step.title}", ""]
        for field in step.fields:
            text = as_text(field, answers.get(field.id))
            lines.append(f"**{field.label}**")
            lines.append("")
            lines.extend(markdown_literal(text).splitlines() if text.strip() else ["—"])
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def markdown_literal(text: str) -> str:
    """``text`` as a fenced Markdown block that renders verbatim (no HTML, links or images).

    The fence is longer than any run of backticks in the text, so the text cannot close it.

    >>> print(markdown_literal("<b>hi</b>"))
    ```text
    <b>hi</b>
    ```
    """
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def record_json(
    sheet: Worksheet,
    answers: Mapping[str, Any],
    completed: dt.datetime | None = None,
    extra: Extra | Mapping[str, Any] | None = None,
) -> str:
    """The completed worksheet as a ``cbt-toolkit/response@1`` document
    (:class:`~toolkit.exercises.answers.Response`): exercise id and title, schema version,
    time (UTC, with its zone offset), the answers and what was kept beside them."""
    kept = extra if isinstance(extra, Extra) else Extra.from_json(extra)
    moment = completed_at(completed)
    return response_json(
        Response(
            exercise=sheet.id,
            answers=parse_answers(sheet, answers),
            exercise_title=sheet.title,
            schema_version=sheet.schema_version,
            completed=moment,
            saved=moment,
            extra=kept,
        )
    )


def response_json(response: Response) -> str:
    """One response as the JSON a client downloads (both pages write it with this)."""
    return json.dumps(response.document(), ensure_ascii=False, indent=2, sort_keys=False)
