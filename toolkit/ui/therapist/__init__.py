"""The therapist page, one module per part: login, dashboard, client view, assign,
submission cards, export and erase."""

from .names import crisis_mark
from .page import TherapistPage

__all__ = ["TherapistPage", "crisis_mark"]
