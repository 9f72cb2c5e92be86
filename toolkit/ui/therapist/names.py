"""Readable names and short texts for the therapist page: exercise titles, field labels, alert
sentences, trap names and the timeline's crisis mark (no widgets here)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from toolkit.exercises import Questionnaire, load_exercise
from toolkit.exercises.answers import Alert, Extra, SuggestionRecord
from toolkit.ui.html import esc

ALERT_LABELS = {
    "risk_item": "Risk item",
    "crisis_language": "Crisis language",
    "overdue": "Overdue",
}
CLINICIAN_SUPERVISED = "for clinician-supervised use"
"""How a measure with ``administration: clinician`` (DASS-21) is labelled for the therapist."""
CHECK_ANSWER_WORDS = {
    "yes": "answered Yes",
    "no": "answered No",
    "rather_not_say": "would rather not say",
    None: "did not answer",
}


def when(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    """A moment as the therapist reads it, in the clinic's time zone (``—`` for none).

    >>> from toolkit.clinic import zone_named
    >>> when(dt.datetime(2026, 11, 30, 11, 30, tzinfo=dt.UTC), zone_named("Pacific/Auckland"))
    '01 Dec 2026 00:30'
    """
    return moment.astimezone(zone).strftime("%d %b %Y %H:%M") if moment else "—"


def clock_time(moment: dt.datetime, zone: dt.tzinfo) -> str:
    """The hour and minute of a moment in the clinic's time zone (``hh:mm``).

    >>> from toolkit.clinic import zone_named
    >>> clock_time(dt.datetime(2026, 11, 30, 11, 30, tzinfo=dt.UTC), zone_named("Asia/Kolkata"))
    '17:00'
    """
    return moment.astimezone(zone).strftime("%H:%M")


def exercise_title(exercise_id: str) -> str:
    """The exercise's short title (questionnaires) or title (worksheets); the id if unknown."""
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return exercise_id
    return spec.short_title if isinstance(spec, Questionnaire) else spec.title


def field_label(exercise_id: str, field_id: str) -> str:
    """A worksheet field's label (its id where the exercise or field is unknown)."""
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return field_id
    for field in getattr(spec, "fields", ()):
        if field.id == field_id:
            return str(field.label)
    return field_id


def assign_label(exercise_id: str) -> str:
    """The exercise's name in the assign list; clinician-administered measures say so."""
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return exercise_id
    title = exercise_title(exercise_id)
    if isinstance(spec, Questionnaire) and spec.administration == "clinician":
        return f"{title} ({CLINICIAN_SUPERVISED})"
    return title


def crisis_mark(extra: object) -> str:
    """The timeline's mark for a submission where crisis resources were shown (HTML);
    ``extra`` is what was saved beside the answers (its ``crisis_check`` record)."""
    record = Extra.from_json(extra).crisis
    if record is None:
        return ""
    if record.tier == "check":
        answer = CHECK_ANSWER_WORDS.get(record.check_answer, "did not answer")
        text = f"Asked about thoughts of ending their life: {answer}"
    else:
        text = "Crisis resources shown"
    if record.continued:
        text += "; chose to continue the worksheet"
    return f' <span class="cbt-flag cbt-flag-crisis">{esc(text)}</span>'


def alert_text(alert: Alert) -> str:
    """The therapist-facing sentence for an alert (the measure's own message for risk items)."""
    exercise = alert.exercise
    if alert.kind == "risk_item":
        try:
            spec = load_exercise(exercise)
        except KeyError:
            return alert.detail
        for rule in getattr(spec, "alerts", ()):
            if rule.id == alert.alert_id:
                return f"{exercise_title(exercise)}: {rule.message}"
        return alert.detail
    if alert.kind == "crisis_language":
        labels = ", ".join(field_label(exercise, f) for f in alert.fields)
        tier = (
            "possible risk: the client was asked directly"
            if alert.tier == "check"
            else "crisis resources shown"
        )
        moment = " before submitting (autosaved draft)" if alert.source == "draft" else ""
        return (
            f"Possible crisis language in {exercise_title(exercise)}{moment}, in: {labels} "
            f"({tier}). Please review risk with the client promptly."
        )
    return overdue_text(alert)


def overdue_text(alert: Alert) -> str:
    """An overdue alert's sentence (the exercises not done and their due day).

    >>> import datetime as dt
    >>> overdue_text(Alert("overdue", ("phq9", "thought_record"), due=dt.date(2026, 12, 1)))
    'PHQ-9, Thought record: due 01 Dec 2026, not done by then.'
    """
    if alert.due is None:
        return f"Overdue: {alert.detail}"
    titles = ", ".join(exercise_title(e) for e in alert.exercises)
    return f"{titles or 'An exercise'}: due {alert.due:%d %b %Y}, not done by then."


@functools.cache
def _trap_display_names() -> dict[str, str]:
    from toolkit.reframing.taxonomy import load_traps

    return {trap.id: trap.name for trap in load_traps().traps}


def trap_name(trap_id: str) -> str:
    """A thinking trap's display name (from ``exercises/traps.yaml``)."""
    return _trap_display_names().get(trap_id, trap_id.replace("_", " ").capitalize())


def alert_badge(exercise_id: str, alert_id: str) -> str:
    """A short, readable name for a measure's alert on a submission ("PHQ-9 item 9")."""
    try:
        spec = load_exercise(exercise_id)
    except KeyError:
        return "Risk item"
    for alert in getattr(spec, "alerts", ()):
        if alert.id == alert_id and isinstance(spec, Questionnaire):
            number = [item.id for item in spec.items].index(alert.item) + 1
            return f"Risk: {spec.short_title} item {number}"
    return "Risk item"


def trap_names(ids: Iterable[str]) -> str:
    """Trap display names, comma separated (``none`` for none)."""
    return ", ".join(trap_name(i) for i in ids) or "none"


def suggestions_html(suggestions: SuggestionRecord, answers: Iterable[str] = ()) -> str:
    """What the client was shown and used, for the therapist (all escaped). "Ideas used"
    lists only ideas still in the client's answers (see :func:`toolkit.progress.ideas_kept`)."""
    from toolkit.progress import ideas_kept

    ideas = " / ".join(ideas_kept(suggestions.ideas_used, answers)) or "none"
    return (
        "<div class='cbt-ai'><strong>AI suggestions</strong> for "
        f"<q>{esc(suggestions.thought)}</q><br>"
        f"Traps shown: {esc(trap_names(suggestions.traps_shown))}; "
        f"chosen by the client: {esc(trap_names(suggestions.traps_chosen))}<br>"
        f"Ideas used: {esc(ideas)}</div>"
    )
