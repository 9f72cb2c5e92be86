"""The errors the store raises. Messages never contain secrets, passwords or client text."""

# ruff: noqa: N818  (the names read as outcomes, `except PermissionDenied`, as the API promises)

from __future__ import annotations

from typing import Literal

LinkReason = Literal["unknown", "expired", "revoked", "submitted"]
"""Why an assignment link opens nothing (the client page shows a kind message per reason)."""


class StoreError(Exception):
    """Base class of every store error; the message is one line, safe to show."""


class StoreKeyError(StoreError):
    """The encryption key is missing or does not match the database."""


class StoreSchemaError(StoreError):
    """The database's schema is not the one this release uses (``cbt db upgrade`` says more)."""


class PermissionDenied(StoreError):
    """The acting therapist may not read or change this object (it is another's client)."""


class NotFound(StoreError):
    """No such client, assignment, response, alert, therapist or class."""


class AlreadyExists(StoreError):
    """A therapist, client or class with this name or code exists already."""


class InvalidInput(StoreError):
    """Arguments or answers the store refuses (bad code, unknown exercise, bad answers)."""


class AmbiguousClient(InvalidInput):
    """An operator named a client code that several therapists use (codes are unique per
    therapist): name the therapist too (``cbt … --therapist USER``).

    Only the command line can meet this: a therapist's codes are unique in their own list.
    """

    def __init__(self, code: str, therapists: tuple[str, ...]) -> None:
        self.code = code
        self.therapists = therapists
        super().__init__(
            f"client code {code!r} is used by {len(therapists)} therapists "
            f"({', '.join(therapists)}): name the therapist"
        )


class LoginFailed(StoreError):
    """Wrong username or password (the message never says which)."""

    def __init__(self, message: str = "wrong username or password") -> None:
        super().__init__(message)


class LoginThrottled(LoginFailed):
    """Too many wrong passwords for this user: try again after ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self.seconds = max(1, int(seconds))
        super().__init__(
            f"too many wrong passwords; try again in {self.seconds} second"
            + ("" if self.seconds == 1 else "s")
        )


class SessionExpired(StoreError):
    """The login session is unknown, expired or logged out: log in again."""

    def __init__(self, message: str = "your session has ended; please log in again") -> None:
        super().__init__(message)


class LinkInvalid(StoreError):
    """An assignment link that opens nothing.

    Attributes
    ----------
    reason
        ``"unknown"`` (never issued, mistyped or replaced by a resend), ``"expired"``,
        ``"revoked"`` or ``"submitted"`` (all its exercises are in; for a recurring assignment
        also: the next one has not opened yet). Nothing else about the assignment is revealed.
    """

    def __init__(self, reason: LinkReason) -> None:
        self.reason: LinkReason = reason
        super().__init__(f"assignment link is not usable: {reason}")
