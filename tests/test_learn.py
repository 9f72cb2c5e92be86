"""The learn page: quiz data and logic, class results, and the page's widgets (no browser)."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolkit.exercises.loader import ExerciseFileError
from toolkit.learn.classes import (
    NO_TRAP,
    AnswerRecord,
    ClassBook,
    ClassNotFoundError,
    MemoryClassBook,
    StoreClassBook,
    WrongEducatorKeyError,
    accuracy_per_trap,
    class_results,
    confusion_matrix,
    distribution,
    normalize_code,
)
from toolkit.learn.examples import STEPS, load_worked_examples
from toolkit.learn.quiz import (
    RETRY_GAP,
    LeitnerQueue,
    QuizScore,
    grade,
    load_quiz,
    playable,
)
from toolkit.paths import exercises_dir
from toolkit.reframing.taxonomy import load_traps
from toolkit.ui.html import esc
from toolkit.ui.learn import TABS, LearnPage
from toolkit.ui.learn.classes import Ticker
from toolkit.ui.learn.sandbox import SANDBOX_STEPS

# -- quiz data ---------------------------------------------------------------------------------


def test_quiz_has_enough_original_items_of_every_kind() -> None:
    quiz = load_quiz()
    assert len(quiz.items) >= 80
    assert sum(1 for item in quiz.items if item.balanced) >= 8, "balanced thoughts, no trap"
    assert sum(1 for item in quiz.items if len(item.answer) > 1) >= 8, "multi-answer items"
    assert {item.difficulty for item in quiz.items} == {1, 2, 3}


def test_quiz_answer_key_matches_the_taxonomy() -> None:
    taxonomy = {trap.id for trap in load_traps().traps}
    quiz = load_quiz()
    assert quiz.trap_ids() <= taxonomy
    assert quiz.trap_ids() == taxonomy, "every trap is practised at least once"
    for item in quiz.items:
        for cue in item.cues:
            assert cue.lower() in item.thought.lower()
            assert cue.lower() in item.explanation.lower()


def _write_quiz(tmp_path: Path, item: dict[str, Any]) -> Path:
    path = tmp_path / "quiz.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "items": [item]}), encoding="utf-8")
    return path


GOOD_ITEM = {
    "id": "x1",
    "difficulty": 1,
    "situation": "A test",
    "thought": "I always fail",
    "answer": ["overgeneralizing"],
    "cues": ["always"],
    "explanation": "“always” makes a rule of one event.",
}


def test_quiz_file_errors_name_the_key_and_line(tmp_path: Path) -> None:
    load_quiz(_write_quiz(tmp_path, GOOD_ITEM))
    with pytest.raises(ExerciseFileError) as err:
        load_quiz(_write_quiz(tmp_path, {**GOOD_ITEM, "hint": "no such key"}))
    assert err.value.key == "items.0.hint"
    assert err.value.line is not None
    assert "unknown key" in str(err.value)
    with pytest.raises(ExerciseFileError, match="not in the thought"):
        load_quiz(_write_quiz(tmp_path, {**GOOD_ITEM, "cues": ["never"]}))
    with pytest.raises(ExerciseFileError, match="difficulty"):
        load_quiz(_write_quiz(tmp_path, {**GOOD_ITEM, "difficulty": 4}))


def test_worked_examples_are_complete_and_use_known_traps() -> None:
    examples = load_worked_examples().examples
    assert len(examples) >= 3
    taxonomy = {trap.id for trap in load_traps().traps}
    assert all(set(e.traps) <= taxonomy for e in examples)
    assert len({e.traps for e in examples}) == len(examples), "different traps per example"


# -- quiz logic --------------------------------------------------------------------------------


def test_grade_multi_answer_and_balanced() -> None:
    items = load_quiz().by_id()
    multi = items["multi_friend_cancel"]
    assert grade(multi, ["labeling", "overgeneralizing"]).correct
    partial = grade(multi, ["overgeneralizing", "blaming"])
    assert not partial.correct
    assert partial.found == ("overgeneralizing",)
    assert partial.missed == ("labeling",)
    assert partial.extra == ("blaming",)
    balanced = items["bal_bus"]
    assert grade(balanced, []).correct
    assert not grade(balanced, ["blaming"]).correct


def test_score_and_streak() -> None:
    score = QuizScore()
    for right in (True, True, True, False, True):
        score = score.record(right)
    assert (score.answered, score.correct, score.streak, score.best_streak) == (5, 4, 1, 3)
    assert score.percent == 80


def test_wrong_item_comes_back_after_a_few_questions() -> None:
    queue = LeitnerQueue.start([f"q{i}" for i in range(20)])
    asked = []
    for _ in range(3 + RETRY_GAP):
        item = queue.next_id()
        assert item is not None
        asked.append(item)
        queue = queue.record(item, correct=item != "q1")
    assert asked.count("q1") == 2
    assert asked.index("q1", 2) - asked.index("q1") == RETRY_GAP + 1
    assert queue.card("q0").box == 1


def test_right_items_wait_longer_and_queue_never_runs_dry() -> None:
    queue = LeitnerQueue.start(["a", "b"])
    seen = []
    for _ in range(10):
        item = queue.next_id()
        assert item is not None
        seen.append(item)
        queue = queue.record(item, correct=True)
    assert set(seen) == {"a", "b"}
    assert queue.card("a").box >= 2


def test_playable_leaves_out_items_that_need_a_hidden_trap() -> None:
    quiz = load_quiz()
    visible = [t for t in quiz.trap_ids() if t != "labeling"]
    items = playable(quiz.items, visible)
    assert items
    assert all("labeling" not in item.answer for item in items)
    assert all(item.difficulty == 3 for item in playable(quiz.items, visible, level=3))


# -- class results -----------------------------------------------------------------------------

KEY = {"lab": ("labeling",), "two": ("labeling", "blaming"), "bal": ()}
LABELS = ("labeling", "blaming", "mind_reading", NO_TRAP)


def test_accuracy_and_confusion_are_pure_counts() -> None:
    records = [
        AnswerRecord("lab", ("labeling",), True),
        AnswerRecord("lab", ("mind_reading",), False),
        AnswerRecord("two", ("labeling",), False),
        AnswerRecord("bal", (), True),
        AnswerRecord("bal", ("blaming",), False),
        AnswerRecord("gone", ("blaming",), False),  # item removed from the quiz: skipped
    ]
    per_trap = {t.trap_id: (t.answered, t.correct) for t in accuracy_per_trap(records, KEY, LABELS)}
    assert per_trap == {
        "labeling": (3, 2),
        "blaming": (1, 0),
        "mind_reading": (0, 0),
        NO_TRAP: (2, 1),
    }
    assert distribution(records, LABELS) == (2, 2, 1, 1), "how often each label was ticked"
    matrix = confusion_matrix(records, KEY, LABELS)
    assert matrix == (
        (2, 0, 1, 0),  # labeling: right twice, once taken for mind reading
        (0, 0, 0, 1),  # blaming missed with nothing else wrong: "not spotted"
        (0, 0, 0, 0),
        (0, 1, 0, 1),  # balanced: once right, once taken for blaming
    )


def _store_book(tmp_path: Path) -> ClassBook:
    """A class book on a real SQLite store (the project's store), else in memory."""
    try:
        from toolkit.store import open_store
    except ImportError:
        return MemoryClassBook()
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return StoreClassBook(open_store(url, key_file=tmp_path / "store.key"))


def test_class_results_aggregate_on_the_store(tmp_path: Path) -> None:
    book = _store_book(tmp_path)
    created = book.create_class("Seminar 4")
    code, key = created.code, created.educator_key
    other = book.create_class("Another class").code
    book.record_answer(code, "lab", ("labeling",), correct=True)
    book.record_answer(code.lower(), "lab", ("mind_reading",), correct=False)
    book.record_answer(code, "bal", (), correct=True)
    book.record_answer(other, "lab", ("blaming",), correct=False)
    results = class_results(book, code, key, KEY, LABELS)
    assert results.name == "Seminar 4"
    assert (results.answers, results.correct) == (3, 2)
    assert results.per_trap[0].answered == 2
    assert results.per_trap[0].correct == 1
    assert results.matrix[0] == (1, 0, 1, 0)
    assert results.matrix[3] == (0, 0, 0, 1)
    with pytest.raises(ClassNotFoundError):
        book.record_answer("ZZZZZZZZ", "lab", (), correct=True)
    with pytest.raises(ClassNotFoundError):
        class_results(book, "ZZZZZZZZ", key, KEY, LABELS)
    with pytest.raises(WrongEducatorKeyError):
        class_results(book, code, code, KEY, LABELS)  # the class code opens nothing


# -- widgets -----------------------------------------------------------------------------------


@pytest.fixture
def book() -> MemoryClassBook:
    return MemoryClassBook()


@pytest.fixture
def learn(book: MemoryClassBook) -> LearnPage:
    page = LearnPage(class_book=lambda: book, seed=7)
    page.show("Quiz")
    return page


def _answer(page: LearnPage, traps: tuple[str, ...]) -> None:
    for trap in traps:
        page.quiz.choices[trap].value = True
    if not traps:
        page.quiz.no_trap.value = True
    page.quiz.check_button.click()


def _wrong(page: LearnPage) -> tuple[str, ...]:
    item = page.quiz.current
    assert item is not None
    return ("blaming",) if "blaming" not in item.answer else ("labeling",)


def test_gallery_shows_every_visible_trap_and_escapes_nothing_raw() -> None:
    page = LearnPage(seed=1)
    html = "".join(child.value for child in page.panes[0].children if hasattr(child, "value"))
    for trap in load_traps().visible():
        assert f">{trap.name}<" in html
        assert esc(trap.definition) in html
    assert "{cue}" not in html
    assert "“…”" not in html, "question templates are filled with the trap's example words"
    assert '“<em class="cbt-cue-example">People always let me down</em>”' in html
    assert "Why is a feeling on this list?" in html


def test_gallery_follows_the_trap_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "exercises"
    shutil.copytree(exercises_dir(), folder)
    data = yaml.safe_load((folder / "traps.yaml").read_text(encoding="utf-8"))
    for trap in data["traps"]:
        if trap["id"] == "blaming":
            trap["hidden"] = True
        if trap["id"] == "labeling":
            trap["name"] = "Name-calling"
    (folder / "traps.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setenv("CBT_EXERCISES_DIR", str(folder))
    page = LearnPage(seed=1)
    html = "".join(child.value for child in page.panes[0].children if hasattr(child, "value"))
    assert ">Name-calling<" in html
    assert ">Blaming<" not in html
    page.show("Quiz")
    assert "blaming" not in page.quiz.choices
    assert page.quiz.choices["labeling"].description == "Name-calling"


def test_try_it_highlights_cues_and_gates_crisis() -> None:
    page = LearnPage(seed=1)
    page.gallery.try_text.value = (
        "I always ruin everything <b>and</b> everyone thinks I'm a failure"
    )
    page.gallery.try_button.click()
    assert "<mark>" in page.gallery.try_result.value
    assert "<b>and</b>" not in page.gallery.try_result.value
    assert "Possible thinking traps" in page.gallery.try_result.value
    page.gallery.try_text.value = "I want to end my life"
    page.gallery.try_button.click()
    assert "cbt-msg-crisis" in page.gallery.try_result.value
    assert "Possible thinking traps" not in page.gallery.try_result.value
    assert page.messages.value == ""


def test_right_answer_feedback_score_and_streak(learn: LearnPage) -> None:
    item = learn.quiz.current
    assert item is not None
    assert learn.quiz.next_button.disabled
    _answer(learn, item.answer)
    feedback = learn.quiz.feedback.value
    assert "Right!" in feedback
    assert "<mark>" in feedback or not item.cues
    assert "Score: 1 of 1 right" in learn.quiz.stats.value
    assert "Streak: 1" in learn.quiz.stats.value
    assert not learn.quiz.next_button.disabled
    assert learn.quiz.check_button.disabled


def test_wrong_answer_explains_and_comes_back(learn: LearnPage) -> None:
    first = learn.quiz.current
    assert first is not None
    _answer(learn, _wrong(learn))
    feedback = learn.quiz.feedback.value
    assert "Not quite." in feedback
    names = [learn.names[t] for t in first.answer] or ["no trap"]
    assert all(name in feedback for name in names)
    assert "come back" in feedback
    assert "Streak: 0" in learn.quiz.stats.value
    assert "Coming back: 1" in learn.quiz.stats.value
    asked = []
    for _ in range(RETRY_GAP + 1):
        learn.quiz.next_button.click()
        item = learn.quiz.current
        assert item is not None
        asked.append(item.id)
        _answer(learn, item.answer)
    assert asked[-1] == first.id
    assert first.id not in asked[:-1]


def test_no_trap_and_traps_exclude_each_other(learn: LearnPage) -> None:
    learn.quiz.choices["labeling"].value = True
    learn.quiz.no_trap.value = True
    assert not learn.quiz.choices["labeling"].value
    learn.quiz.choices["blaming"].value = True
    assert not learn.quiz.no_trap.value
    learn.quiz.choices["blaming"].value = False
    learn.quiz.check_button.click()
    assert "Tick at least one trap" in learn.quiz.feedback.value
    assert learn.quiz.score.answered == 0


def test_levels_filter_the_questions(learn: LearnPage) -> None:
    learn.quiz.level.value = 3
    for _ in range(4):
        item = learn.quiz.current
        assert item is not None
        assert item.difficulty == 3
        _answer(learn, item.answer)
        learn.quiz.next_button.click()


def test_class_mode_records_answers_and_shows_results(book: MemoryClassBook) -> None:
    educator = LearnPage(class_book=lambda: book, seed=3)
    educator.show("Class")
    educator.classes.class_name.value = "Week 3 <script>"
    educator.classes.create_button.click()
    assert "Week 3 &lt;script&gt;" in educator.classes.created.value
    code = educator.classes.results_code.value
    assert code

    student = LearnPage(class_code=code, class_book=lambda: book, seed=5)
    assert student.tabs.selected_index == TABS.index("Quiz")
    assert "You are answering for the class" in student.quiz.join_status.value
    item = student.quiz.current
    assert item is not None
    _answer(student, item.answer)
    student.quiz.next_button.click()
    _answer(student, _wrong(student))
    assert len(book.answers(code, educator.classes.results_key.value)) == 2

    educator.classes.results_button.click()
    assert "2 answers, 50 % fully right" in educator.classes.results_view.value
    assert len(educator.classes.results_chart.output.outputs) == 1

    educator.classes.results_code.value = "nope"
    educator.classes.results_button.click()
    assert "No class has this code" in educator.classes.results_view.value

    # the class code alone (all a student has) opens no results
    educator.classes.results_code.value = code
    educator.classes.results_key.value = code
    educator.classes.results_button.click()
    assert "educator key" in educator.classes.results_view.value
    assert "answers" not in educator.classes.results_view.value


def _tick(ticker: Any) -> None:
    """What the kernel's event loop does about once a second while a ticker is live (widget
    tests run no event loop: the beat is given by hand)."""
    assert ticker.playing, "the page's ticker must be running"
    assert not ticker.scheduled, "no event loop runs here"
    ticker.tick()


def test_educator_leads_a_round_and_sees_answers_arrive(book: MemoryClassBook) -> None:
    educator = LearnPage(class_book=lambda: book, seed=3)
    educator.show("Class")
    lead = educator.classes
    lead.class_name.value = "Seminar"
    lead.create_button.click()
    code = lead.results_code.value
    key = lead.results_key.value
    assert key
    assert normalize_code(key) != normalize_code(code)
    assert "educator key" in lead.created.value.lower()
    assert lead.lead.layout.display is None, "the round panel opens for the class's educator"

    students = [LearnPage(class_code=code, class_book=lambda: book, seed=s) for s in (5, 6)]
    chosen = "multi_friend_cancel"
    lead.item_pick.value = chosen
    lead.ask_button.click()
    assert "0 answers" in lead.round_view.value
    item = load_quiz().by_id()[chosen]
    for student in students:
        _tick(student.quiz.ticker)
        assert student.quiz.current == item, "each student gets the educator's question"
        assert "Your educator's question" in student.quiz.question.value
    _answer(students[0], item.answer)
    _answer(students[1], ("blaming",))
    for student in students:
        assert "Answer sent" in student.quiz.feedback.value
        assert "Right!" not in student.quiz.feedback.value
        assert "Not quite" not in student.quiz.feedback.value

    _tick(lead.ticker)  # no button pressed: the ticker brings the answers in
    assert "2 answers" in lead.round_view.value
    assert "Blaming" in lead.round_view.value
    confusion = lead.round_chart.value
    assert "cbt-conf-right" in confusion
    assert '<th scope="col">Blaming</th>' in confusion, "a trap ticked is a column"
    assert confusion.count('<tr><th scope="row">') == len(item.answer), "right answers only"
    assert "The answer" not in lead.round_view.value, "the answer waits for the end of round"

    # students never see others' results
    for student in students:
        shown = (
            "".join(str(getattr(child, "value", "")) for child in student.panes[1].children)
            + student.quiz.question.value
            + student.quiz.feedback.value
        )
        assert "2 answers" not in shown
        assert "cbt-dist" not in shown

    lead.end_button.click()
    assert "Round over" in lead.round_view.value
    assert "The answer" in lead.round_view.value
    assert not lead.ticker.playing
    _tick(students[0].quiz.ticker)
    _tick(students[1].quiz.ticker)
    assert "Right!" in students[0].quiz.feedback.value
    assert "Not quite" in students[1].quiz.feedback.value
    assert "Score: 1 of 1 right" in students[0].quiz.stats.value
    assert "Your educator's question · round over" in students[0].quiz.question.value

    lead.next_round_button.click()
    assert lead.round is not None
    assert lead.round.item_id != chosen
    _tick(students[0].quiz.ticker)
    current = students[0].quiz.current
    assert current is not None
    assert current.id == lead.round.item_id
    assert len(book.answers(code, key)) == 2


def test_the_kernels_event_loop_beats_one_at_a_time_until_stopped() -> None:
    """On a running event loop (as in a kernel) the ticker beats by itself; the next beat is
    set only after the last one finished (a slow refresh never piles beats up), it keeps its
    kernel from looking idle every ``keep_alive_every`` seconds of beats, and stopping cancels
    the beat already set."""
    loop = asyncio.new_event_loop()
    calls: list[bool] = []
    kept: list[int] = []
    ticker: Ticker

    def refresh() -> None:
        calls.append(ticker.scheduled)  # is another beat already waiting while this one runs?
        time.sleep(0.03)  # slower than the interval
        if len(calls) == 3:
            loop.call_soon(stop)

    def stop() -> None:
        ticker.playing = False
        assert not ticker.scheduled
        loop.call_later(0.2, loop.stop)  # twenty intervals more: no beat may come

    ticker = Ticker(refresh, keep_alive=lambda: kept.append(len(calls)))
    ticker.interval = 0.01
    ticker.keep_alive_every = 0.02  # every second beat
    assert not ticker.playing
    try:
        loop.call_soon(setattr, ticker, "playing", True)
        loop.run_forever()
    finally:
        loop.close()
    assert calls == [False, False, False]
    assert kept == [2]
    assert not ticker.playing


def test_a_round_ended_early_lets_the_student_practise(book: MemoryClassBook) -> None:
    created = book.create_class("Seminar")
    student = LearnPage(class_code=created.code, class_book=lambda: book, seed=5)
    book.start_round(created.code, created.educator_key, "bal_bus")
    _tick(student.quiz.ticker)
    assert student.quiz.round is not None
    book.end_round(created.code, created.educator_key)
    _tick(student.quiz.ticker)
    assert "ended before you answered" in student.quiz.feedback.value
    _answer(student, ())
    assert "Right!" in student.quiz.feedback.value
    assert len(book.answers(created.code, created.educator_key)) == 1


def test_a_student_opening_a_running_round_sees_it_at_once(book: MemoryClassBook) -> None:
    """A page opened while a round runs has the round's question in its first state (no beat
    needed: in a browser, a change a beat sends while the page still builds its widgets is
    dropped), and the next beats send the round's widgets their state again."""
    created = book.create_class("Seminar")
    book.start_round(created.code, created.educator_key, "bal_bus")
    student = LearnPage(class_code=created.code, class_book=lambda: book, seed=5)
    quiz = student.quiz
    assert "Your educator's question" in quiz.question.value
    assert quiz.current is not None
    assert quiz.current.id == "bal_bus"
    sent: list[dict[str, Any]] = []
    quiz.question.comm.publish_msg = lambda _kind, data=None, **_: sent.append(data or {})
    for _ in range(3):
        _tick(quiz.ticker)
    values = [m["state"]["value"] for m in sent if m.get("method") == "update"]
    assert len(values) == 2, "two beats send the question again, then nothing more"
    assert all("Your educator's question" in value for value in values)


def test_all_levels_starts_easy() -> None:
    for seed in range(6):
        page = LearnPage(seed=seed)
        page.show("Quiz")
        levels = []
        for _ in range(3):
            item = page.quiz.current
            assert item is not None
            levels.append(item.difficulty)
            _answer(page, item.answer)
            page.quiz.next_button.click()
        assert levels == [1, 1, 1]


def test_sandbox_reveals_steps_with_the_checklist() -> None:
    page = LearnPage(seed=1)
    page.show("Sandbox")
    sandbox = page.sandbox
    steps = len(SANDBOX_STEPS)
    assert steps == 5
    assert f"Step 1 of {steps}" in sandbox.sand_view.value
    assert "Step 2" not in sandbox.sand_view.value
    assert "<mark>" not in sandbox.sand_view.value, "step 1 gives nothing away"
    assert sandbox.back_button.disabled
    names = [trap.name for trap in load_traps().traps]
    sandbox.reveal_button.click()  # step 2: the words to notice, not yet the trap's name
    shown = sandbox.sand_view.value
    assert "Step 2 of 5 · Words to notice" in shown
    assert "<mark>" in shown
    assert not any(f"<strong>{esc(name)}</strong>" in shown for name in names)
    sandbox.reveal_button.click()  # step 3: the traps by name
    assert any(f"<strong>{esc(name)}</strong>" in sandbox.sand_view.value for name in names)
    sandbox.back_button.click()
    assert "Step 3" not in sandbox.sand_view.value
    for step in range(3, steps + 1):
        sandbox.reveal_button.click()
        assert f"Step {step} of {steps}" in sandbox.sand_view.value
    assert sandbox.reveal_button.disabled
    assert "cbt-checklist" in sandbox.sand_view.value
    assert "Easy to read" in sandbox.sand_view.value
    sandbox.large.value = True
    assert "cbt-large" in sandbox.box._dom_classes
    sandbox.sand_thought.value = "I never do anything right"
    assert "Step 2" not in sandbox.sand_view.value
    assert not sandbox.reveal_button.disabled
    assert page.messages.value == ""


def test_projector_mode_marks_the_page_and_its_key_buttons() -> None:
    page = LearnPage(seed=1)
    page.show("Sandbox")
    page.projector.value = True
    assert "cbt-projector" in page.widget._dom_classes
    assert "cbt-key-exit" in page.projector._dom_classes
    assert "cbt-key-next" in page.sandbox.reveal_button._dom_classes
    assert "cbt-key-back" in page.sandbox.back_button._dom_classes
    page.show("Worked examples")
    assert "cbt-key-next" in page.examples.next_step._dom_classes
    page.show("Class")
    assert "cbt-key-reveal" in page.classes.end_button._dom_classes
    page.projector.value = False
    assert "cbt-projector" not in page.widget._dom_classes


def test_worked_examples_step_through() -> None:
    page = LearnPage(seed=1)
    page.show("Worked examples")
    assert page.examples.prev_step.disabled
    for _ in range(len(STEPS) - 1):
        page.examples.next_step.click()
    assert page.examples.next_step.disabled
    assert esc(page.examples.example.balanced_thought) in page.examples.example_view.value
    page.examples.example_pick.value = 2
    assert f"Step 1 of {len(STEPS)}" in page.examples.example_view.value


def test_questionnaire_playground_scores_both_time_points() -> None:
    page = LearnPage(seed=1)
    page.show("Questionnaires")
    for drop in page.measures.before.values():
        drop.value = 2
    for drop in page.measures.after.values():
        drop.value = 0
    assert "Before: 18 of 27 · moderately severe" in page.measures.q_result.value
    assert "After: 0 of 27 · minimal" in page.measures.q_result.value
    assert "→ improved" in page.measures.q_result.value
    assert len(page.measures.q_chart.output.outputs) == 1
    for measure in page.measures.measures:
        page.measures.measure_pick.value = measure
        assert "Before:" in page.measures.q_result.value
    assert page.messages.value == ""


def test_sandbox_checks_a_balanced_thought_of_your_own_and_says_what_fails() -> None:
    page = LearnPage(seed=1)
    page.show("Sandbox")
    page.sandbox.sand_thought.value = "I always mess up every presentation at work"
    page.sandbox.sand_own.value = "Just think positive!"
    page.sandbox.sand_own_button.click()
    shown = page.sandbox.sand_own_view.value
    assert "✗ Fail" in shown
    assert "Not a command" in shown
    assert "tells the reader what to do" in shown.lower()
    assert "of 8 checks pass" in shown
    assert "8 of 8" not in shown
    page.sandbox.sand_own.value = (
        "Some of my presentations went fine, so one rough one is not a pattern."
    )
    page.sandbox.sand_own_button.click()
    assert "8 of 8 checks pass" in page.sandbox.sand_own_view.value
    page.sandbox.sand_own.value = "<b>bold</b> & why?"
    page.sandbox.sand_own_button.click()
    assert "<b>bold</b>" not in page.sandbox.sand_own_view.value
