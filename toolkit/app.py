"""The only things dashboard notebooks call: one function per page."""

from __future__ import annotations

import logging
import os
import sys
from urllib.parse import parse_qs

import ipywidgets as w

from toolkit.exercises import Worksheet, load_exercise
from toolkit.preheat import wait_for_request
from toolkit.ui.client_page import WorksheetPage, not_found_page


def _log_to_server() -> None:
    """Send the package's log records to the kernel process's own stderr (the server log).

    Inside a kernel, ``sys.stderr`` is forwarded to the browser; ``sys.__stderr__`` is not.
    """
    logger = logging.getLogger("toolkit")
    if not logger.handlers and sys.__stderr__ is not None:
        handler = logging.StreamHandler(sys.__stderr__)
        handler.setFormatter(logging.Formatter("[cbt %(levelname)s %(name)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


_log_to_server()


def query_string() -> str:
    """The page's query string, in a plain Voila kernel and in a preheated one."""
    wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def _param(query: str, name: str) -> str:
    values = parse_qs(query.lstrip("?")).get(name, [])
    return values[0].strip() if values else ""


def client_app(query: str | None = None) -> w.Widget:
    """The client page for ``?exercise=ID`` (practice mode).

    Parameters
    ----------
    query
        The URL query string; by default the one Voila received.
    """
    query = query_string() if query is None else query
    exercise_id = _param(query, "exercise")
    if not exercise_id:
        return not_found_page(
            "Nothing to open here",
            "This page opens an exercise from a link your therapist sent you. "
            "Please use the full link, or ask your therapist for a new one.",
        )
    try:
        exercise = load_exercise(exercise_id)
    except KeyError:
        return not_found_page(
            "We could not find this exercise",
            "The link may be incomplete. Please check it, or ask your therapist for a new one.",
        )
    if isinstance(exercise, Worksheet):
        return WorksheetPage(exercise).widget
    from toolkit.ui.questionnaire_page import QuestionnairePage

    return QuestionnairePage(exercise).widget


def learn_app(query: str | None = None) -> w.Widget:
    """The learn page: thinking traps, quiz, sandbox, worked examples, questionnaires, classes.

    No login; nothing personal is stored. ``?class=CODE`` opens the quiz in class mode.

    Parameters
    ----------
    query
        The URL query string; by default the one Voila received.
    """
    from toolkit.ui.learn_page import LearnPage

    query = query_string() if query is None else query
    return LearnPage(class_code=_param(query, "class")).widget
