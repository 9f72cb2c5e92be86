"""Exports of everything stored about one client: JSON, tidy CSV and a FHIR R4 Bundle.

All three take the data returned by :meth:`toolkit.store.Store.export_client` (which writes
the audit entry), so they are pure functions: data in, text or a JSON-ready dict out.

* :func:`client_json` — the complete record (drafts, AI records, comments, alerts included),
  for the right of access and for moving to another system.
* :func:`client_csv` — one row per submitted answer, for analysis in a spreadsheet or pandas.
* :func:`client_fhir` — a FHIR R4 ``Bundle`` (``type: collection``) of
  ``QuestionnaireResponse`` resources, one per submission, plus an ``Observation`` of each
  scored total, coded with LOINC where the measure file declares the codes.

References
----------
HL7 FHIR R4 (4.0.1): Bundle, QuestionnaireResponse, Observation,
https://hl7.org/fhir/R4/questionnaireresponse.html. LOINC panels and item codes are taken from
each measure's YAML (``loinc:`` keys); LOINC questionnaires are referred to by their canonical
``http://loinc.org/q/<panel code>`` and their items by ``/<item code>`` link ids, as in the
Questionnaires LOINC publishes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

EXPORT_FORMAT = "cbt-toolkit/client@1"
CSV_COLUMNS = ("client", "assignment", "exercise", "response", "submitted_at", "field", "value")
LOINC = "http://loinc.org"
CODE_SYSTEM = "urn:cbt-toolkit:client-code"
RESPONSE_SYSTEM = "urn:cbt-toolkit:response"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula (CSV injection)."""


def client_json(data: Mapping[str, Any]) -> str:
    """The client's complete record as indented JSON (UTF-8 text, keys in a stable order).

    The document has ``format`` (``"cbt-toolkit/client@1"``), ``exported_at``, ``client``
    (code, display name, therapist, AI help, created), ``assignments`` (bundles, instructions,
    due date, recurrence, status), ``responses`` (every draft and submission with its
    answers, AI record in ``extra``, score and comments) and ``alerts``. Answer values have
    the shapes listed in :mod:`toolkit.exercises.responses`.
    """
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    """Leaves of a nested answer: ``moods[0].name``, ``automatic_thoughts.hot`` …"""
    if isinstance(value, Mapping):
        if not value:
            yield prefix, ""
        for key, inner in value.items():
            yield from _flatten(f"{prefix}.{key}", inner)
    elif isinstance(value, list | tuple):
        if not value:
            yield prefix, ""
        for index, inner in enumerate(value):
            yield from _flatten(f"{prefix}[{index}]", inner)
    else:
        yield prefix, value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def client_csv(data: Mapping[str, Any]) -> str:
    """Submitted answers as tidy CSV: one row per answer.

    Columns: ``client, assignment, exercise, response, submitted_at, field, value``. Nested
    answers are flattened into ``field`` paths (``moods[0].intensity``,
    ``automatic_thoughts.thoughts[1].text``); a scored questionnaire adds ``score.total`` and
    ``score.band`` rows. Drafts are left out (they are in the JSON export). Text that a
    spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``) is prefixed
    with ``'``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    code = data["client"]["code"]
    for response in data["responses"]:
        if response["kind"] != "submission":
            continue
        base = (
            code,
            response["assignment_id"],
            response["exercise_id"],
            response["id"],
            response["created"],
        )
        answers = response["answers"]
        items = answers.items() if isinstance(answers, Mapping) else enumerate(answers)
        for key, value in items:
            for field, leaf in _flatten(str(key), value):
                writer.writerow([*base, field, _cell(leaf)])
        score = response.get("score")
        if score:
            writer.writerow([*base, "score.total", _cell(score.get("total"))])
            writer.writerow([*base, "score.band", _cell(score.get("band"))])
    return out.getvalue()


def _exercise(exercise_id: str) -> Any:
    from toolkit.exercises import ExerciseFileError, load_exercise

    try:
        return load_exercise(exercise_id)
    except (KeyError, ExerciseFileError):
        return None


def _entry_url(code: str, kind: str, response_id: int) -> str:
    name = f"cbt-toolkit:{code}:{kind}:{response_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _questionnaire_items(spec: Any, answers: Mapping[str, Any], total: int | None) -> list[Any]:
    items: list[dict[str, Any]] = []
    for item in spec.items:
        value = answers.get(item.id)
        if value is None or isinstance(value, bool) or not isinstance(value, int):
            continue
        items.append(
            {
                "linkId": f"/{item.loinc}" if item.loinc else item.id,
                "text": item.text,
                "answer": [{"valueInteger": value}],
            }
        )
    if total is not None:
        items.append(
            {
                "linkId": f"/{spec.loinc.total}" if spec.loinc.total else "total",
                "text": "Total score",
                "answer": [{"valueInteger": total}],
            }
        )
    return items


def _worksheet_answer(field: Any, value: Any) -> dict[str, Any] | None:
    from toolkit.exercises.fields import (
        CheckboxField,
        DateField,
        NumberField,
        RatingField,
    )
    from toolkit.exercises.responses import as_text, is_answered

    if isinstance(field, RatingField) and isinstance(value, int) and not isinstance(value, bool):
        return {"valueInteger": value}
    if isinstance(field, CheckboxField) and isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(field, NumberField) and isinstance(value, int | float) and value is not True:
        return {"valueDecimal": value}
    if isinstance(field, DateField) and isinstance(value, str) and value:
        return {"valueDate": value}
    try:
        if not is_answered(field, value):
            return None
        text = as_text(field, value)
    except (AttributeError, KeyError, TypeError, ValueError):
        text = json.dumps(value, ensure_ascii=False)
    return {"valueString": fhir_string(text)} if text.strip() else None


_OTHER_SPACE = re.compile(r"[^\S \r\n\t]")


def fhir_string(text: str) -> str:
    """``text`` with Unicode spaces other than space, CR, LF and TAB turned into a space.

    The FHIR R4 JSON schema's string pattern accepts no other whitespace (no-break space,
    ideographic space, form feed …); the JSON and CSV exports keep the text exactly as typed.
    """
    return _OTHER_SPACE.sub(" ", text)


def _worksheet_items(spec: Any, answers: Mapping[str, Any]) -> list[Any]:
    items: list[dict[str, Any]] = []
    known: set[str] = set()
    if spec is not None:
        for field in spec.fields:
            known.add(field.id)
            if field.id not in answers:
                continue
            answer = _worksheet_answer(field, answers[field.id])
            if answer is not None:
                items.append({"linkId": field.id, "text": field.label, "answer": [answer]})
    for key, value in answers.items():  # fields the current exercise file no longer declares
        if key in known or value in (None, "", [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        items.append({"linkId": str(key), "answer": [{"valueString": fhir_string(text)}]})
    return items


def client_fhir(data: Mapping[str, Any]) -> dict[str, Any]:
    """The client's submissions as a FHIR R4 ``Bundle`` of type ``collection``.

    Each submission becomes a ``QuestionnaireResponse`` (``status: completed``, ``authored``,
    ``subject`` as an identifier holding the pseudonymous client code, ``item`` with
    ``linkId`` and ``answer`` values). Questionnaires with LOINC codes refer to
    ``http://loinc.org/q/<panel>`` and use ``/<item code>`` link ids, with the total under its
    LOINC code; each scored total is also an ``Observation`` coded with the measure's LOINC
    total code, derived from its response. Worksheet answers are ``valueString`` (ratings
    ``valueInteger``, ticks ``valueBoolean``, dates ``valueDate``).
    """
    from toolkit.exercises import Questionnaire

    code = data["client"]["code"]
    subject = {"identifier": {"system": CODE_SYSTEM, "value": code}}
    entries: list[dict[str, Any]] = []
    for response in data["responses"]:
        if response["kind"] != "submission":
            continue
        exercise_id = response["exercise_id"]
        spec = _exercise(exercise_id)
        answers = response["answers"]
        if not isinstance(answers, Mapping):
            answers = {str(index): value for index, value in enumerate(answers)}
        score = response.get("score") or {}
        total = score.get("total")
        url = _entry_url(code, "response", response["id"])
        resource: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "identifier": {"system": RESPONSE_SYSTEM, "value": str(response["id"])},
            "status": "completed",
            "subject": subject,
            "authored": response["created"],
        }
        if isinstance(spec, Questionnaire):
            if spec.loinc.panel:
                resource["questionnaire"] = f"{LOINC}/q/{spec.loinc.panel}"
            else:
                resource["questionnaire"] = f"urn:cbt-toolkit:questionnaire:{exercise_id}"
            items = _questionnaire_items(spec, answers, total)
        else:
            resource["questionnaire"] = f"urn:cbt-toolkit:questionnaire:{exercise_id}"
            items = _worksheet_items(spec, answers)
        if items:
            resource["item"] = items
        entries.append({"fullUrl": url, "resource": resource})
        if isinstance(spec, Questionnaire) and total is not None:
            coding = [
                {
                    "system": LOINC if spec.loinc.total else "urn:cbt-toolkit:score",
                    "code": spec.loinc.total or f"{exercise_id}-total",
                    "display": f"{spec.short_title} total score",
                }
            ]
            observation: dict[str, Any] = {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": coding, "text": f"{spec.short_title} total score"},
                "subject": subject,
                "effectiveDateTime": response["created"],
                "valueInteger": total,
                "derivedFrom": [{"reference": url}],
            }
            if score.get("band"):
                observation["interpretation"] = [{"text": score["band"]}]
            entries.append(
                {"fullUrl": _entry_url(code, "total", response["id"]), "resource": observation}
            )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": data.get("exported_at"),
        "entry": entries,
    }
