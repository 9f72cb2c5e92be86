"""The only things dashboard notebooks call: one function per page."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import ipywidgets as w

from toolkit.exercises import Worksheet, load_exercise
from toolkit.kernel import hide_tracebacks, limit_client_comms
from toolkit.preheat import is_preheated, wait_for_request
from toolkit.ui.client_page import WorksheetPage, not_found_page
from toolkit.ui.session import log_failure

if TYPE_CHECKING:
    from toolkit.store import Store
    from toolkit.store.remote import LinkStore


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
hide_tracebacks()
limit_client_comms()


def query_string() -> str:
    """The page's query string, in a plain Voila kernel and in a preheated one."""
    wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def _param(query: str, name: str) -> str:
    values = parse_qs(query.lstrip("?")).get(name, [])
    return values[0].strip() if values else ""


def client_app(query: str | None = None, store: LinkStore | None = None) -> w.Widget:
    """The client page: ``?assignment=SECRET`` (a therapist's link) or ``?exercise=ID``
    (practice mode: nothing stored).

    Parameters
    ----------
    query
        The URL query string; by default the one Voila received.
    store
        The database (default: under ``cbt serve`` the server's link endpoints, else the
        configured database; either only for a well-formed assignment link).
    """
    if query is None:
        if is_preheated():
            _warm_link_page()
        query = query_string()
    secret = _param(query, "assignment")
    if secret:
        return _assignment_app(secret, store)
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
    if getattr(exercise, "administration", "self") == "clinician":
        # clinician-supervised measures (DASS-21: its terms are for health professionals and
        # researchers) have no public practice mode
        return not_found_page(
            "This questionnaire is filled in with your therapist",
            f"{exercise.short_title} is for clinician-supervised use, so it cannot be opened "
            "for practice. Your therapist will send you a link when it is time.",
        )
    from toolkit.ui.questionnaire_page import QuestionnairePage

    return QuestionnairePage(exercise).widget


def base_url() -> str:
    """The address clients reach this server at, for the links therapists send.

    ``CBT_BASE_URL`` wins (set it behind a reverse proxy); otherwise the address of the page's
    own request, but only when its host is one of ``CBT_ALLOWED_HOSTS`` (loopback by default):
    a forged ``Host`` header never ends up in a client's link.
    """
    from toolkit.config import DEFAULT_BASE_URL, DEFAULT_HOST, current

    settings = current()
    if settings.base_url:
        return settings.base_url
    port = os.environ.get("SERVER_PORT", "") or os.environ.get("VOILA_APP_PORT", "")
    fallback = f"http://{DEFAULT_HOST}:{port}" if port else DEFAULT_BASE_URL
    request = os.environ.get("VOILA_REQUEST_URL", "")
    if "/voila/" in request:
        candidate = request.split("/voila/", 1)[0]
    else:
        host = os.environ.get("SERVER_NAME", "")
        if not host:
            return fallback
        # a preheated kernel learns the request's Host header and path, not its URL
        prefix = os.environ.get("SCRIPT_NAME", "").split("/voila/", 1)[0]
        candidate = f"http://{host}{':' + port if port else ''}{prefix}"
    host = urlsplit(candidate).hostname or ""
    return candidate if host in settings.allowed_hosts else fallback


def therapist_app(store: Store | None = None, query: str | None = None) -> w.Widget:
    """The therapist page: alerts, clients and each client's record (``?client=CODE`` opens
    that client).

    Served by ``cbt serve``, the page's kernel only starts for a request with a valid login
    session (the server's login page comes first) and learns the session from the request
    (:func:`toolkit.weblogin.session_digest`). Without one (a notebook run outside the
    server) the page shows its own login form.
    """
    from toolkit.exercises import catalog
    from toolkit.ui.therapist import TherapistPage
    from toolkit.ui.therapist.login import Login, LoginHost, RequestLogin
    from toolkit.weblogin import session_digest

    catalog()  # read every exercise file now: in a preheated kernel, before anyone arrives
    query = query_string() if query is None else query  # preheated: wait for the request
    digest = session_digest()
    code = _param(query, "client")

    def login(host: LoginHost) -> Login:
        return RequestLogin(host, digest) if digest else Login(host)

    options: dict[str, Any] = {"client_code": code} if code else {}
    try:
        return TherapistPage(store, base_url=base_url(), login=login, **options).widget
    except Exception as exc:
        log_failure("therapist page", exc)
        return not_found_page(
            "The dashboard cannot open right now",
            "The database could not be reached. Please try again in a minute; if it persists, "
            "check the server log.",
        )


def _warm_link_page() -> None:
    """Import what a client link needs while a preheated kernel waits for its visitor.

    A pooled kernel cannot know yet whether a link or practice mode will arrive; importing the
    assignment page now keeps its imports off the path to the link's first field. Under
    ``cbt serve`` a link's store calls go to the server (:mod:`toolkit.store.remote`), so that
    is all: no database library, no engine, no connection in this kernel. Outside it (plain
    Voila) the store's libraries are imported here too, and the database opens only once a
    well-formed link has arrived. The suggestion engine (NLTK, the classifier) and plotly load
    only when first used, whatever the mode.
    """
    import toolkit.ui.assignment_page  # noqa: F401
    from toolkit.store.remote import LinkClient

    if LinkClient.from_env() is None:
        from toolkit.store import open_store  # noqa: F401  (the facade loads its rooms)


def _link_store() -> LinkStore:
    """The store a link page uses: its server's link endpoints under ``cbt serve`` (no
    database layer in this kernel), else the configured database."""
    from toolkit.store.remote import LinkClient

    remote = LinkClient.from_env()
    if remote is not None:
        return remote
    from toolkit.store import open_store

    return open_store()


def _assignment_app(secret: str, store: LinkStore | None) -> w.Widget:
    from toolkit.store.errors import LinkInvalid
    from toolkit.store.links import looks_like_secret
    from toolkit.ui.assignment_page import AssignmentPage, invalid_link_page

    if not looks_like_secret(secret):  # no database library, no connection for a malformed link
        return invalid_link_page("unknown")
    try:
        store = store or _link_store()
        opened = store.open_assignment(secret)
    except LinkInvalid as invalid:
        return invalid_link_page(invalid.reason)
    except Exception as exc:
        log_failure("open assignment", exc)
        return not_found_page(
            "This page cannot open right now",
            "Something went wrong on our side. Please try the link again in a few minutes.",
        )
    return AssignmentPage(store, opened).widget


def learn_app(query: str | None = None) -> w.Widget:
    """The learn page: thinking traps, quiz, sandbox, worked examples, questionnaires, classes.

    No login; nothing personal is stored. ``?class=CODE`` opens the quiz in class mode.

    Parameters
    ----------
    query
        The URL query string; by default the one Voila received.
    """
    from toolkit.ui.learn import LearnPage

    query = query_string() if query is None else query
    return LearnPage(class_code=_param(query, "class")).widget
