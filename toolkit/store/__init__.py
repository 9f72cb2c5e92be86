"""Persistence, identity and security of the therapist workflow (no widgets here).

>>> from toolkit.store import open_store
>>> store = open_store("sqlite://")          # in memory; a real URL comes from CBT_DATABASE_URL
>>> store.add_therapist("alice", "correct horse battery").username
'alice'

See ``docs/store.md`` for the data model, the security model and the link lifecycle.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from toolkit.config import DEFAULT_BASE_URL

if TYPE_CHECKING:
    from .database import default_key_file, make_engine, open_store
    from .demo import INTAKE_BUNDLE
    from .errors import (
        AlreadyExists,
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
    from .records import (
        CLI,
        Actor,
        AlertInfo,
        AssignmentInfo,
        AuditEntry,
        ClassInfo,
        ClientInfo,
        ClientSummary,
        CommentInfo,
        IssuedLink,
        LoginSession,
        MeasurePoint,
        OpenedAssignment,
        Operator,
        QuizItemStats,
        ReminderDue,
        SharedComment,
        SubmissionRecord,
        SubmitReceipt,
        Therapist,
        TherapistInfo,
    )
    from .repository import Store, link_url

_HOME = {
    **dict.fromkeys(("default_key_file", "make_engine", "open_store"), "database"),
    "INTAKE_BUNDLE": "demo",
    **dict.fromkeys(
        (
            "AlreadyExists",
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
            "Actor",
            "AlertInfo",
            "AssignmentInfo",
            "AuditEntry",
            "ClassInfo",
            "ClientInfo",
            "ClientSummary",
            "CommentInfo",
            "IssuedLink",
            "LoginSession",
            "MeasurePoint",
            "OpenedAssignment",
            "Operator",
            "QuizItemStats",
            "ReminderDue",
            "SharedComment",
            "SubmissionRecord",
            "SubmitReceipt",
            "Therapist",
            "TherapistInfo",
        ),
        "records",
    ),
    **dict.fromkeys(("Store", "link_url"), "repository"),
}
"""Which submodule holds each public name: the facade imports it on first use."""


def __getattr__(name: str) -> Any:
    # Lazy facade: ``import toolkit.store`` (or one of its light submodules, such as ``links``)
    # costs nothing; SQLAlchemy, cryptography and argon2 load with the first name that needs
    # them, so a page opens the database's libraries only once a link or login is to be checked.
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "CLI",
    "DEFAULT_BASE_URL",
    "INTAKE_BUNDLE",
    "Actor",
    "AlertInfo",
    "AlreadyExists",
    "AssignmentInfo",
    "AuditEntry",
    "ClassInfo",
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
]
