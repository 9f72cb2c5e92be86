"""Life domains of a thought (work, school, family, parenting, relationships, health, money,
grief, identity), from word lists written for cbt-toolkit."""

from __future__ import annotations

import re
from functools import lru_cache

DOMAINS = (
    "work",
    "school",
    "family",
    "parenting",
    "relationships",
    "health",
    "money",
    "grief",
    "identity",
)
_WORDS = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")

_DOMAIN_WORDS: dict[str, frozenset[str]] = {
    "work": frozenset(
        [
            "work",
            "job",
            "boss",
            "manager",
            "colleague",
            "colleagues",
            "coworker",
            "coworkers",
            "office",
            "meeting",
            "meetings",
            "deadline",
            "deadlines",
            "project",
            "projects",
            "client",
            "clients",
            "shift",
            "shifts",
            "interview",
            "promotion",
            "career",
            "review",
            "team",
            "email",
            "emails",
            "report",
            "presentation",
            "hired",
            "hiring",
            "fired",
            "salary",
            "workplace",
            "task",
            "tasks",
            "customer",
            "customers",
        ]
    ),
    "school": frozenset(
        [
            "school",
            "class",
            "classes",
            "exam",
            "exams",
            "test",
            "tests",
            "teacher",
            "teachers",
            "homework",
            "grade",
            "grades",
            "essay",
            "essays",
            "college",
            "university",
            "uni",
            "lecture",
            "course",
            "student",
            "students",
            "assignment",
            "classmates",
            "quiz",
            "marks",
            "mark",
            "study",
            "studied",
            "studying",
            "revision",
            "semester",
            "professor",
            "coursework",
            "detention",
        ]
    ),
    "family": frozenset(
        [
            "mum",
            "mom",
            "dad",
            "mother",
            "father",
            "parents",
            "parent",
            "sister",
            "brother",
            "sibling",
            "siblings",
            "family",
            "aunt",
            "uncle",
            "cousin",
            "grandma",
            "grandmother",
            "grandpa",
            "grandfather",
            "relatives",
            "in-laws",
            "home",
            "christmas",
        ]
    ),
    "parenting": frozenset(
        [
            "kid",
            "kids",
            "child",
            "children",
            "son",
            "daughter",
            "baby",
            "toddler",
            "teenager",
            "parenting",
            "parent",
            "bedtime",
            "tantrum",
            "nursery",
            "grandchildren",
            "grandkids",
        ]
    ),
    "relationships": frozenset(
        [
            "partner",
            "boyfriend",
            "girlfriend",
            "husband",
            "wife",
            "friend",
            "friends",
            "date",
            "dating",
            "relationship",
            "marriage",
            "ex",
            "breakup",
            "text",
            "texted",
            "message",
            "replied",
            "reply",
            "crush",
            "wedding",
            "divorce",
            "friendship",
            "lonely",
        ]
    ),
    "health": frozenset(
        [
            "health",
            "doctor",
            "pain",
            "ill",
            "illness",
            "sick",
            "body",
            "weight",
            "diet",
            "sleep",
            "tired",
            "symptoms",
            "hospital",
            "diagnosis",
            "appointment",
            "scan",
            "scans",
            "medication",
            "anxiety",
            "panic",
            "exercise",
            "gym",
            "headache",
            "injury",
            "surgery",
        ]
    ),
    "money": frozenset(
        [
            "money",
            "bills",
            "bill",
            "debt",
            "debts",
            "rent",
            "mortgage",
            "budget",
            "savings",
            "bank",
            "pay",
            "paid",
            "afford",
            "broke",
            "loan",
            "credit",
            "spending",
            "spent",
            "price",
            "prices",
            "house",
            "car",
            "pension",
            "bills",
        ]
    ),
    "grief": frozenset(
        [
            "died",
            "death",
            "dead",
            "funeral",
            "loss",
            "lost",
            "grief",
            "grieving",
            "passed",
            "miss",
            "missing",
            "widow",
            "widower",
            "anniversary",
            "grave",
            "memorial",
        ]
    ),
    "identity": frozenset(
        [
            "myself",
            "person",
            "ugly",
            "fat",
            "looks",
            "appearance",
            "personality",
            "weird",
            "different",
            "gay",
            "trans",
            "identity",
            "normal",
            "worth",
            "worthless",
            "failure",
            "loser",
            "who",
            "am",
        ]
    ),
}


def domain_words(name: str) -> frozenset[str]:
    """The words that point to one life domain (``"work"`` -> job, boss, meeting ...)."""
    return _DOMAIN_WORDS.get(name, frozenset())


def domains_of(text: str) -> dict[str, float]:
    """How strongly ``text`` points to each life domain (0..1)."""
    return dict(_domains(text))


@lru_cache(maxsize=8192)
def _domains(text: str) -> tuple[tuple[str, float], ...]:
    """How strongly ``text`` points to each life domain (0..1)."""
    words = {re.sub(r"['’]s$", "", w.lower()) for w in _WORDS.findall(text)}
    scores = {}
    for name, members in _DOMAIN_WORDS.items():
        hits = len(words & members)
        if hits:
            scores[name] = min(1.0, 0.6 + 0.2 * (hits - 1))
    if "grief" in scores:
        # a death outweighs the rest: "my husband died" is about grief, not the marriage
        scores = {name: (1.0 if name == "grief" else 0.2) for name in scores}
    return tuple(scores.items())


__all__ = ["DOMAINS", "domains_of"]
