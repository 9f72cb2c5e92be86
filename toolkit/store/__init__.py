"""Persistence, identity and security of the therapist workflow (no widgets here).

>>> from toolkit.store import open_store
>>> store = open_store("sqlite://")          # in memory; a real URL comes from CBT_DATABASE_URL
>>> store.add_therapist("alice", "correct horse battery").username
'alice'

See ``docs/store.md`` for the data model, the security model and the link lifecycle.
"""

from __future__ import annotations

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
)
from .records import (
    CLI,
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
    SubmissionRecord,
    SubmitReceipt,
    Therapist,
)
from .repository import DEFAULT_BASE_URL, Store, link_url

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
    "SessionExpired",
    "Store",
    "StoreError",
    "StoreKeyError",
    "SubmissionRecord",
    "SubmitReceipt",
    "Therapist",
    "default_key_file",
    "link_url",
    "make_engine",
    "open_store",
]
