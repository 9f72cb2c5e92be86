"""Classes of the learn page quiz: class codes, educator keys, rounds and anonymous answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .errors import InvalidInput, NotFound, PermissionDenied, StoreError
from .models import ClassKeyRow, ClassRoundRow, ClassRow, QuizAnswerRow, RoundAnswerRow
from .records import Actor, ClassInfo, ClassRound, QuizAnswer, QuizItemStats
from .unit import Context, Unit

CLASS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Class codes avoid look-alike characters (0/O, 1/I/L) so students can type them."""
EDUCATOR_KEY_LENGTH = 20
"""Characters of an educator key (about 99 bits from :data:`CLASS_CODE_ALPHABET`)."""
ITEM_ID = re.compile(r"^[a-z0-9_-]{1,64}$")
TRAP_ID = re.compile(r"^[a-z_]{1,64}$")


def _encodable(text: str) -> bool:
    """Whether ``text`` can be stored as UTF-8 (no lone surrogates from a broken emoji)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def educator_key_hash(key: str) -> str:
    """SHA-256 of an educator key as typed (case, spaces and dashes do not matter).

    The key is random and long, so a plain hash suffices (no password KDF needed).
    """
    normal = re.sub(r"[\s-]+", "", key).upper()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def _info(row: ClassRow) -> ClassInfo:
    return ClassInfo(row.id, row.name, row.code, row.created)


def _check_item(item_id: str) -> None:
    if not ITEM_ID.match(item_id):
        raise InvalidInput("a quiz item id is 1–64 lower-case letters, digits, '_' or '-'")


class ClassesRoom:
    """Learn-page classes (:class:`toolkit.store.Store` documents each public method)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    @staticmethod
    def _class_row(work: Unit, class_code: str) -> ClassRow:
        row = work.session.scalar(
            select(ClassRow).where(ClassRow.code == class_code.strip().upper())
        )
        if row is None:
            raise NotFound("no class with this code")
        return row

    def _educator_class(self, work: Unit, class_code: str, educator_key: str) -> ClassRow:
        """The class, if ``educator_key`` is its key; ``NotFound`` / ``PermissionDenied``."""
        row = self._class_row(work, class_code)
        stored = work.session.get(ClassKeyRow, row.id)
        given = educator_key_hash(educator_key)
        if stored is None or not hmac.compare_digest(stored.key_hash, given):
            raise PermissionDenied("this is not the class's educator key")
        return row

    def create_class(self, name: str, actor: Actor) -> ClassInfo:
        name = name.strip()
        if not name or len(name) > 120:
            raise InvalidInput("a class name has 1–120 characters")
        if not _encodable(name):
            raise InvalidInput("the class name holds a broken character; please retype it")
        rate = self.context.policy.class_rate
        key = "".join(secrets.choice(CLASS_CODE_ALPHABET) for _ in range(EDUCATOR_KEY_LENGTH))
        for _attempt in range(5):
            code = "".join(secrets.choice(CLASS_CODE_ALPHABET) for _ in range(8))
            try:
                with self.context.unit(actor) as work:
                    recent = work.session.scalar(
                        select(func.count(ClassRow.id)).where(
                            ClassRow.created > work.now() - dt.timedelta(hours=1)
                        )
                    )
                    if rate > 0 and (recent or 0) >= rate:
                        raise InvalidInput(
                            "many classes were created in the last hour; please try again later"
                        )
                    row = ClassRow(name=name, code=code, created=work.now())
                    work.session.add(row)
                    work.session.flush()
                    work.session.add(ClassKeyRow(class_id=row.id, key_hash=educator_key_hash(key)))
                    work.audit("create_class", f"class:{row.id}")
                    return ClassInfo(row.id, row.name, row.code, row.created, educator_key=key)
            except IntegrityError:
                continue
        raise StoreError("could not find a free class code; try again")

    def class_by_code(self, code: str) -> ClassInfo:
        with self.context.unit() as work:
            return _info(self._class_row(work, code))

    def record_quiz_answer(
        self,
        class_code: str,
        item_id: str,
        chosen: Sequence[str],
        correct: bool,
        round_id: int | None,
    ) -> None:
        _check_item(item_id)
        picks = [str(c) for c in chosen]
        if any(not TRAP_ID.match(c) for c in picks) or len(picks) > 20:
            raise InvalidInput("chosen traps are trap ids")
        with self.context.unit() as work:
            row = self._class_row(work, class_code)
            game: ClassRoundRow | None = None
            if round_id is not None:
                game = work.session.get(ClassRoundRow, round_id)
                if game is None or game.class_id != row.id or game.ended is not None:
                    raise InvalidInput("the round is over")
                if game.item_id != item_id:
                    raise InvalidInput("this answer is for another question than the round's")
            answer = QuizAnswerRow(
                class_id=row.id,
                item_id=item_id,
                chosen=picks,
                correct=bool(correct),
                created=work.now(),
            )
            work.session.add(answer)
            if game is not None:
                work.session.flush()
                work.session.add(RoundAnswerRow(answer_id=answer.id, round_id=game.id))

    def open_class_as_educator(self, class_code: str, educator_key: str) -> ClassInfo:
        with self.context.unit() as work:
            return _info(self._educator_class(work, class_code, educator_key))

    def _end_open_rounds(self, work: Unit, class_id: int) -> None:
        now = work.now()
        for game in work.session.scalars(
            select(ClassRoundRow).where(
                ClassRoundRow.class_id == class_id, ClassRoundRow.ended.is_(None)
            )
        ):
            game.ended = now

    def start_class_round(self, class_code: str, educator_key: str, item_id: str) -> ClassRound:
        _check_item(item_id)
        with self.context.unit() as work:
            row = self._educator_class(work, class_code, educator_key)
            self._end_open_rounds(work, row.id)
            game = ClassRoundRow(class_id=row.id, item_id=item_id, started=work.now())
            work.session.add(game)
            work.session.flush()
            return ClassRound(game.id, game.item_id, game.started)

    def end_class_round(self, class_code: str, educator_key: str) -> None:
        with self.context.unit() as work:
            row = self._educator_class(work, class_code, educator_key)
            self._end_open_rounds(work, row.id)

    def open_class_round(self, class_code: str) -> ClassRound | None:
        with self.context.unit() as work:
            row = self._class_row(work, class_code)
            game = work.session.scalar(
                select(ClassRoundRow)
                .where(ClassRoundRow.class_id == row.id, ClassRoundRow.ended.is_(None))
                .order_by(ClassRoundRow.id.desc())
                .limit(1)
            )
            if game is None:
                return None
            return ClassRound(game.id, game.item_id, game.started)

    def class_answers(
        self, class_code: str, educator_key: str, round_id: int | None
    ) -> list[QuizAnswer]:
        with self.context.unit() as work:
            row = self._educator_class(work, class_code, educator_key)
            query = (
                select(QuizAnswerRow.item_id, QuizAnswerRow.chosen, QuizAnswerRow.correct)
                .where(QuizAnswerRow.class_id == row.id)
                .order_by(QuizAnswerRow.id)
            )
            if round_id is not None:
                query = query.join(
                    RoundAnswerRow, RoundAnswerRow.answer_id == QuizAnswerRow.id
                ).where(RoundAnswerRow.round_id == round_id)
            return [
                QuizAnswer(str(item), tuple(str(c) for c in (chosen or ())), bool(right))
                for item, chosen, right in work.session.execute(query)
            ]

    def class_results(self, class_code: str) -> list[QuizItemStats]:
        with self.context.unit() as work:
            row = self._class_row(work, class_code)
            counts: dict[str, list[int]] = {}
            for item_id, correct in work.session.execute(
                select(QuizAnswerRow.item_id, QuizAnswerRow.correct).where(
                    QuizAnswerRow.class_id == row.id
                )
            ):
                entry = counts.setdefault(item_id, [0, 0])
                entry[0] += 1
                entry[1] += int(bool(correct))
            return [QuizItemStats(k, v[0], v[1]) for k, v in sorted(counts.items())]
