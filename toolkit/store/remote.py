"""A client link's three store calls over HTTP: what a link page's kernel uses under `cbt serve`.

The page behind a client link needs only three things from the store: open the assignment,
autosave a draft, submit. Under ``cbt serve`` the server process already holds the store, so a
link page's kernel asks the server for them (``POST /cbt/link/{open,draft,submit}``, JSON, on
loopback) instead of carrying SQLAlchemy, the cipher and a database connection of its own: the
kernel stays light and the database sees one connection pool per server, not one connection
per open page.

The server tells its kernels where to call and with which key through two environment
variables it sets for them (:data:`LINK_URL_ENV`, :data:`LINK_KEY_ENV`; not options of
:class:`toolkit.config.Settings`: nobody sets them by hand). Every request carries the key in
:data:`KEY_HEADER`; the server refuses any request without it, so browsers (which never know
the key) cannot call these endpoints, and a cross-site request cannot either. The link secret
travels in the request body, never in a URL, so no access log holds it. The server runs the
same :class:`~toolkit.store.Store` methods a kernel would run itself, with the same checks.

This module imports no database or cipher library: only :mod:`http.client` and the store's
plain records and errors.

>>> opened = OpenedAssignment(1, ("phq9",), None, True, None,
...     dt.datetime(2030, 1, 1, tzinfo=dt.UTC), {}, frozenset(), secret="s")
>>> opened_from_json(opened_to_json(opened), "s") == opened
True
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

from .errors import InvalidInput, LinkInvalid, LinkReason, StoreError
from .records import OpenedAssignment, SharedComment, SubmitReceipt

LINK_URL_ENV = "TOOLKIT_LINK_URL"
"""Where a kernel of ``cbt serve`` reaches its server's link endpoints (set by the server)."""
LINK_KEY_ENV = "TOOLKIT_LINK_KEY"
"""The key a kernel shows the server (random per server start; set by the server)."""
KEY_HEADER = "X-Cbt-Link-Key"
ACTIONS = ("open", "draft", "submit")
LINK_PATH = "cbt/link"
"""The endpoints' path under the server's base URL: ``cbt/link/<action>``."""
MAX_REQUEST_BYTES = 4_000_000
"""The largest request body the server reads (the store refuses answers above 1 MB anyway)."""
TIMEOUT_SECONDS = 30.0
LINK_REASONS: tuple[LinkReason, ...] = ("unknown", "expired", "revoked", "submitted")


class LinkServiceError(StoreError):
    """The server could not do what the page asked (unreachable, database down): try again."""


class LinkStore(Protocol):
    """What a link page needs of a store: :class:`~toolkit.store.Store` and :class:`LinkClient`
    both have it."""

    def open_assignment(self, secret: str) -> OpenedAssignment: ...

    def save_draft(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> int: ...

    def submit(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> SubmitReceipt: ...


# -- the wire format ------------------------------------------------------------------------


def _when(value: dt.datetime) -> str:
    return value.isoformat()


def opened_to_json(opened: OpenedAssignment) -> dict[str, Any]:
    """An opened assignment as plain JSON values; the secret stays out (the kernel has it)."""
    return {
        "assignment_id": opened.assignment_id,
        "exercise_ids": list(opened.exercise_ids),
        "instructions": opened.instructions,
        "ai_help": opened.ai_help,
        "due": opened.due.isoformat() if opened.due else None,
        "expires_at": _when(opened.expires_at),
        "drafts": dict(opened.drafts),
        "submitted": sorted(opened.submitted),
        "shared_comments": [
            {
                "exercise_id": c.exercise_id,
                "submitted_at": _when(c.submitted_at),
                "body": c.body,
                "created": _when(c.created),
            }
            for c in opened.shared_comments
        ],
        "draft_extras": {k: dict(v) for k, v in opened.draft_extras.items()},
    }


def opened_from_json(data: Mapping[str, Any], secret: str) -> OpenedAssignment:
    """The :class:`OpenedAssignment` that :func:`opened_to_json` wrote, with its secret."""
    due = data.get("due")
    return OpenedAssignment(
        assignment_id=int(data["assignment_id"]),
        exercise_ids=tuple(str(e) for e in data["exercise_ids"]),
        instructions=data.get("instructions"),
        ai_help=bool(data["ai_help"]),
        due=dt.date.fromisoformat(due) if due else None,
        expires_at=dt.datetime.fromisoformat(data["expires_at"]),
        drafts=dict(data.get("drafts") or {}),
        submitted=frozenset(data.get("submitted") or ()),
        secret=secret,
        shared_comments=tuple(
            SharedComment(
                exercise_id=str(c["exercise_id"]),
                submitted_at=dt.datetime.fromisoformat(c["submitted_at"]),
                body=str(c["body"]),
                created=dt.datetime.fromisoformat(c["created"]),
            )
            for c in data.get("shared_comments") or ()
        ),
        draft_extras={str(k): dict(v) for k, v in (data.get("draft_extras") or {}).items()},
    )


def receipt_to_json(receipt: SubmitReceipt) -> dict[str, Any]:
    return {
        "response_id": receipt.response_id,
        "version": receipt.version,
        "total": receipt.total,
        "band": receipt.band,
        "alerts": list(receipt.alerts),
        "crisis": receipt.crisis,
        "assignment_complete": receipt.assignment_complete,
    }


def receipt_from_json(data: Mapping[str, Any]) -> SubmitReceipt:
    return SubmitReceipt(
        response_id=int(data["response_id"]),
        version=int(data["version"]),
        total=data.get("total"),
        band=data.get("band"),
        alerts=tuple(str(a) for a in data.get("alerts") or ()),
        crisis=bool(data["crisis"]),
        assignment_complete=bool(data["assignment_complete"]),
    )


def pinned_link(secret: str, assignment_id: int) -> OpenedAssignment:
    """The link as a page passes it back to ``save_draft``/``submit``: the store resolves the
    secret again and reads only the assignment id beside it (the occurrence the page shows)."""
    return OpenedAssignment(
        assignment_id=assignment_id,
        exercise_ids=(),
        instructions=None,
        ai_help=False,
        due=None,
        expires_at=dt.datetime.min.replace(tzinfo=dt.UTC),
        drafts={},
        submitted=frozenset(),
        secret=secret,
    )


# -- the kernel's side ----------------------------------------------------------------------


class LinkClient:
    """A link page's store under ``cbt serve``: each call is one request to the server.

    Errors arrive as the store's own: :class:`LinkInvalid` (with its reason),
    :class:`InvalidInput` (its one-line message), and :class:`LinkServiceError` for anything
    else (the server or its database cannot be reached).
    """

    def __init__(self, url: str, key: str, timeout: float = TIMEOUT_SECONDS) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("the link endpoint must be an http(s) URL")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port
        self._path = parts.path.rstrip("/")
        self._key = key
        self._timeout = timeout

    @classmethod
    def from_env(cls) -> LinkClient | None:
        """The client the server set up for this kernel, or ``None`` outside ``cbt serve``."""
        url, key = os.environ.get(LINK_URL_ENV, ""), os.environ.get(LINK_KEY_ENV, "")
        return cls(url, key) if url and key else None

    def _call(self, action: str, payload: Mapping[str, Any]) -> Any:
        try:
            body = json.dumps(payload, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError):
            raise InvalidInput("answers must be plain JSON values") from None
        secure = self._scheme == "https"
        kind = http.client.HTTPSConnection if secure else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self._timeout)
        try:
            connection.request(
                "POST",
                f"{self._path}/{action}",
                body=body,
                headers={"Content-Type": "application/json", KEY_HEADER: self._key},
            )
            answer = connection.getresponse()
            status, raw = answer.status, answer.read()
        except OSError as exc:
            raise LinkServiceError(f"the server cannot be reached ({type(exc).__name__})") from None
        finally:
            connection.close()
        try:
            data = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise LinkServiceError(f"the server's answer to {action} was not understood")
        if status == 200:
            return data
        if status == 410:
            reason = data.get("reason")
            raise LinkInvalid(reason if reason in LINK_REASONS else "unknown")
        if status == 422:
            raise InvalidInput(str(data.get("message") or "the answers were refused"))
        raise LinkServiceError(f"the server could not {action} (HTTP {status})")

    def open_assignment(self, secret: str) -> OpenedAssignment:
        """What the link opens (as :meth:`toolkit.store.Store.open_assignment`)."""
        data = self._call("open", {"secret": secret})
        try:
            return opened_from_json(data, secret)
        except (KeyError, TypeError, ValueError):
            raise LinkServiceError("the server's answer to open was not understood") from None

    def _write(
        self,
        action: str,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None,
    ) -> Any:
        pinned = link if isinstance(link, OpenedAssignment) else None
        return self._call(
            action,
            {
                "secret": pinned.secret if pinned else link,
                "assignment_id": pinned.assignment_id if pinned else None,
                "exercise_id": exercise_id,
                "answers": answers,
                "extra": extra,
            },
        )

    def save_draft(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Autosave (as :meth:`toolkit.store.Store.save_draft`); returns the response id."""
        data = self._write("draft", link, exercise_id, answers, extra)
        try:
            return int(data["response_id"])
        except (KeyError, TypeError, ValueError):
            raise LinkServiceError("the server's answer to draft was not understood") from None

    def submit(
        self,
        link: str | OpenedAssignment,
        exercise_id: str,
        answers: Mapping[str, Any] | Sequence[Any],
        extra: Mapping[str, Any] | None = None,
    ) -> SubmitReceipt:
        """Submit one exercise (as :meth:`toolkit.store.Store.submit`)."""
        data = self._write("submit", link, exercise_id, answers, extra)
        try:
            return receipt_from_json(data)
        except (KeyError, TypeError, ValueError):
            raise LinkServiceError("the server's answer to submit was not understood") from None
