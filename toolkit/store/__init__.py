"""Persistence, identity and security of the therapist workflow (no widgets here).

>>> from toolkit.store import open_store
>>> store = open_store("sqlite://")          # in memory; a real URL comes from CBT_DATABASE_URL
>>> store.add_therapist("alice", "correct horse battery").username
'alice'

See ``docs/store.md`` for the data model, the security model and the link lifecycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from toolkit.config import DEFAULT_BASE_URL

if TYPE_CHECKING:
    from .database import default_key_file, make_engine, open_store
    from .errors import (
        AlreadyExists,
        AmbiguousClient,
        InvalidInput,
        LinkInvalid,
        LinkReason,
        LoginFailed,
        LoginThrottled,
        NotFound,
        PermissionDenied,
        SessionExpired,
        StoreError,
        StoreKeyError,
        StoreSchemaError,
    )
    from .links import link_url
    from .records import (
        CLI,
        INTAKE_BUNDLE,
        Actor,
        AlertInfo,
        AssignmentInfo,
        AuditEntry,
        ClassInfo,
        ClassRound,
        ClientInfo,
        ClientSummary,
        CommentInfo,
        IssuedLink,
        LoginSession,
        MeasurePoint,
        OpenedAssignment,
        Operator,
        QuizAnswer,
        QuizItemStats,
        ReminderDue,
        SharedComment,
        SubmissionRecord,
        SubmitReceipt,
        Therapist,
        TherapistInfo,
        parse_crisis_detail,
    )
    from .repository import Store

_HOME = {
    **dict.fromkeys(("default_key_file", "make_engine", "open_store"), "database"),
    **dict.fromkeys(
        (
            "AlreadyExists",
            "AmbiguousClient",
            "InvalidInput",
            "LinkInvalid",
            "LinkReason",
            "LoginFailed",
            "LoginThrottled",
            "NotFound",
            "PermissionDenied",
            "SessionExpired",
            "StoreError",
            "StoreKeyError",
            "StoreSchemaError",
        ),
        "errors",
    ),
    **dict.fromkeys(
        (
            "CLI",
            "INTAKE_BUNDLE",
            "Actor",
            "AlertInfo",
            "AssignmentInfo",
            "AuditEntry",
            "ClassInfo",
            "ClassRound",
            "ClientInfo",
            "ClientSummary",
            "CommentInfo",
            "IssuedLink",
            "LoginSession",
            "MeasurePoint",
            "OpenedAssignment",
            "Operator",
            "QuizAnswer",
            "QuizItemStats",
            "ReminderDue",
            "SharedComment",
            "SubmissionRecord",
            "SubmitReceipt",
            "Therapist",
            "TherapistInfo",
            "parse_crisis_detail",
        ),
        "records",
    ),
    "link_url": "links",
    "Store": "repository",
}
"""Which submodule holds each public name: the facade imports it on first use."""


def _home(module: str) -> Any:
    """Import one submodule of the store (spelled out, so the imports stay visible to tools)."""
    if module == "database":
        from . import database

        return database
    if module == "errors":
        from . import errors

        return errors
    if module == "records":
        from . import records

        return records
    if module == "links":
        from . import links

        return links
    from . import repository

    return repository


def __getattr__(name: str) -> Any:
    # Lazy facade: ``import toolkit.store`` (or one of its light submodules, such as ``links``)
    # costs nothing; SQLAlchemy, cryptography and argon2 load with the first name that needs
    # them, so a page opens the database's libraries only once a link or login is to be checked.
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_home(home), name)
    globals()[name] = value
    return value


__all__ = [
    "CLI",
    "DEFAULT_BASE_URL",
    "INTAKE_BUNDLE",
    "Actor",
    "AlertInfo",
    "AlreadyExists",
    "AmbiguousClient",
    "AssignmentInfo",
    "AuditEntry",
    "ClassInfo",
    "ClassRound",
    "ClientInfo",
    "ClientSummary",
    "CommentInfo",
    "InvalidInput",
    "IssuedLink",
    "LinkInvalid",
    "LinkReason",
    "LoginFailed",
    "LoginSession",
    "LoginThrottled",
    "MeasurePoint",
    "NotFound",
    "OpenedAssignment",
    "Operator",
    "PermissionDenied",
    "QuizAnswer",
    "QuizItemStats",
    "ReminderDue",
    "SessionExpired",
    "SharedComment",
    "Store",
    "StoreError",
    "StoreKeyError",
    "StoreSchemaError",
    "SubmissionRecord",
    "SubmitReceipt",
    "Therapist",
    "TherapistInfo",
    "default_key_file",
    "link_url",
    "make_engine",
    "open_store",
    "parse_crisis_detail",
]
