"""A question's own record: accuracy with its figure, answers, last seen."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import FIXED_NOW
from tui.core.progress import ProgressStore
from tui.widgets.question_record import record_text, time_ago


def test_time_ago_reads_like_a_person_would_say_it():
    now = FIXED_NOW
    assert time_ago(now - timedelta(seconds=20), now) == "just now"
    assert time_ago(now - timedelta(minutes=5), now) == "5 min ago"
    assert time_ago(now - timedelta(hours=3), now) == "3 h ago"
    assert time_ago(now - timedelta(days=1, hours=2), now) == "yesterday"
    assert time_ago(now - timedelta(days=4), now) == "4 days ago"
    assert time_ago(now - timedelta(days=60), now) == "27 Sep 2026"


def test_record_of_an_unanswered_question():
    assert record_text(None, FIXED_NOW).plain == "not answered yet"


def test_record_shows_accuracy_answers_and_last_seen(clock):
    store = ProgressStore.in_memory(now=clock)
    for correct in (True, False, True):
        store.record_answer("d", "c", correct, 3.0, "quiz")
    clock.advance(2 * 86400)
    plain = record_text(store.question_stats("d", "c"), clock()).plain
    assert "67% of the marks · 3 answers" in plain
    assert "last seen 2 days ago" in plain


def test_a_part_marked_answer_counts_its_share_of_the_marks(clock):
    store = ProgressStore.in_memory(now=clock)
    store.record_answer("d", "c", True, 3.0, "quiz", credit=0.5)  # 2 of 4 marks: "right" for FSRS
    plain = record_text(store.question_stats("d", "c"), clock()).plain
    assert "50% of the marks · 1 answer" in plain and "right" not in plain
