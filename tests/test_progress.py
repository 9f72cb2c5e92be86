"""toolkit.progress: series on the client's scale, reliable change, outcome, traps, ideas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from toolkit import progress


@dataclass(frozen=True)
class Sub:
    exercise_id: str
    submitted_at: dt.datetime
    total: int | None
    answers: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] | None = None


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 1, 1) + dt.timedelta(days=7 * n)


def test_every_scored_measure_file_is_charted_nhs_pair_first() -> None:
    subs = [Sub("k10", day(0), 20), Sub("gad7", day(0), 9), Sub("phq9", day(1), 12)]
    subs.append(Sub("thought_record", day(1), None))
    assert progress.charted_measures(subs) == ("phq9", "gad7", "k10")


def test_who5_is_shown_in_percent_with_bands_and_cutoff_converted() -> None:
    # Topp et al. 2015: percentage = raw × 4; a raw score below 13 (≤ 50 %) screens positive
    series = progress.measure_series([Sub("who5", day(0), 8), Sub("who5", day(1), 14)], "who5")
    assert [p.shown for p in series.points] == [32, 56]
    assert [p.total for p in series.points] == [8, 14]
    assert series.y_max == 100
    assert series.bands == (
        (0, 30, "very low wellbeing"),
        (30, 50, "low wellbeing"),
        (50, 100, "good wellbeing"),
    )
    assert series.cutoff == 50
    assert series.higher_is_better
    assert [p.change for p in series.points] == ["", "improved"]


def test_who5_chart_shades_the_low_end_darkest() -> None:
    series = progress.measure_series([Sub("who5", day(0), 8)], "who5")
    figure = progress.measure_chart(series)
    rects = sorted((s for s in figure.layout.shapes if s.type == "rect"), key=lambda s: s.y0)
    alphas = [float(s.fillcolor.rsplit(",", 1)[1].rstrip(") ")) for s in rects]
    assert alphas[0] > alphas[1] > alphas[2]  # very low wellbeing is the darkest
    phq = progress.measure_chart(progress.measure_series([Sub("phq9", day(0), 8)], "phq9"))
    rects = sorted((s for s in phq.layout.shapes if s.type == "rect"), key=lambda s: s.y0)
    alphas = [float(s.fillcolor.rsplit(",", 1)[1].rstrip(") ")) for s in rects]
    assert alphas == sorted(alphas)  # severe PHQ-9 is darkest
    assert alphas[0] < alphas[-1]
    assert figure.layout.yaxis.title.text == "WHO-5 (%)"


def test_phq9_reliable_change_uses_the_nhs_threshold() -> None:
    # NHS Talking Therapies Manual: a change of 6 or more on PHQ-9 is reliable
    subs = [Sub("phq9", day(0), 18), Sub("phq9", day(1), 13), Sub("phq9", day(2), 12)]
    series = progress.measure_series(subs, "phq9")
    assert [p.change for p in series.points] == ["", "no reliable change", "improved"]
    assert series.cutoff == 10
    assert series.bands[0] == (0, 4.5, "minimal")


def test_outcome_needs_both_measures() -> None:
    phq = [Sub("phq9", day(0), 16), Sub("phq9", day(3), 7)]
    assert progress.outcome(phq) is None
    result = progress.outcome([*phq, Sub("gad7", day(0), 12), Sub("gad7", day(3), 5)])
    assert result is not None
    assert result.case_at_start
    assert result.recovery
    assert result.reliable_improvement


def test_dass21_subscale_series_come_from_the_answers() -> None:
    first = {f"item{i}": (2 if i in (3, 5, 10, 13, 16, 17, 21) else 0) for i in range(1, 22)}
    later = {**first, "item3": 0, "item5": 0, "item10": 0, "item13": 0}
    subs = [Sub("dass21", day(0), 28, first), Sub("dass21", day(1), 12, later)]
    by_name = {s.name: s for s in progress.subscale_series(subs, "dass21")}
    depression = by_name["DASS-21 depression"]
    assert [p.total for p in depression.points] == [28, 12]
    assert depression.points[-1].change == "improved"
    assert by_name["DASS-21 stress"].points[-1].change == "no reliable change"


def test_trap_counts_count_only_chosen_traps() -> None:
    extra = {
        "ai_suggestions": {
            "traps_shown": ["labeling", "mind_reading"],
            "traps_chosen": ["labeling"],
        }
    }
    subs = [
        Sub("thought_record", day(0), None, extra=extra),
        Sub("thought_record", day(1), None, extra=extra),
    ]
    assert progress.trap_counts(subs) == {"labeling": 2}


def test_an_idea_rewritten_in_the_clients_words_is_not_listed_as_used() -> None:
    idea = "Maybe my friend was busy and will reply later"
    assert progress.ideas_kept([idea], ["Maybe my friend was busy and will reply later."]) == (
        idea,
    )
    assert progress.ideas_kept([idea], ["I'll text her again tomorrow and see."]) == ()
