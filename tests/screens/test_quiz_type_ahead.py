"""Typing on after a typed answer: the keys meant for the next answer never mark this one.

A fresh-user trial typed "to get" on the ✓ Right of a typed answer: `o` overruled the mark,
space went on, and the rest was lost. The verdict now passes a typed key on to the next answer
box, overrule is on f5, and a mark waiting for the student (checklist, self-mark) takes its
keys only once it has been on screen a moment (`TYPE_AHEAD_GUARD`).

Keys typed in the same instant as enter (one read of the terminal: "winter⏎abc") joined the answer
sent, as the box took them before the screen took the answer; they now go where keys typed a
moment later go.
"""

from __future__ import annotations

import random
import re

from textual import events

from screens.quiz import TYPE_AHEAD_GUARD
from tests.screen_text import screen_text, shown
from tests.screens.screen_tour import shipped_deck
from tui.core.progress import ProgressStore

HITLER = "barbarossa-motives-1941"  # shipped deck: five mark points; two covered -> the checklist
TWO_POINTS = "He wanted Lebensraum and he hated Bolshevism"
SIZE = (110, 45)


def answer_box(app):
    return app.screen.query_one("#quiz-typed")


KEY_NAMES = {"\r": "enter", " ": "space"}


def typed_at_once(app, text: str) -> None:
    """`text` ("\r" for enter) as one read of the terminal delivers it: every key queued before any is handled.

    `pilot.press` waits for the app to handle each key before the next, so never shows this.
    """
    for character in text:
        app.post_message(events.Key(KEY_NAMES.get(character, character), character))


async def test_keys_typed_with_enter_go_to_the_next_answer_not_the_one_sent(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"in 1924")
        typed_at_once(app, "\rabc")  # enter, and letters for the next answer, in one instant
        text = await shown(pilot, app, "Question 2 of 2")
        assert answer_box(app).value == "abc"
        assert "1/1 mark so far" in text
        app.writer.wait_until_saved()
    saved = memory_store.question_stats("sample", "britain")
    assert saved is not None and (saved.attempts, saved.correct) == (1, 1)  # "in 1924abc" would be wrong


async def test_an_exam_takes_each_answer_as_it_was_at_its_enter(make_app):
    from tests.screens.test_flow import start_typed_exam

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_typed_exam(app, pilot)
        # Two answers sent and a third begun at once, the second pasted.
        typed_at_once(app, "in 1924\r")
        app.post_message(events.Paste("the purges"))
        typed_at_once(app, "\rnon-aggr")
        text = await shown(pilot, app, "Question 3 of 3")
        assert answer_box(app).value == "non-aggr"
        responses = [question.response for question in app.screen.quiz.questions]
        assert responses == ["in 1924", "the purges", None], text


async def test_typing_on_a_verdict_goes_to_the_next_answer_and_flips_no_mark(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"in 1924", "enter")
        text = await shown(pilot, app, "✓ Right", "f5 Overrule mark")
        assert "enter or space: next question · f5: overrule this mark" in text
        await pilot.press(*"to get")  # the student types on: "o" and space used to overrule and go on
        text = await shown(pilot, app, "Question 2 of 2")
        assert answer_box(app).value == "to get"  # not a key lost
        assert "1/1 mark so far" in text and "overruled" not in text
        app.writer.wait_until_saved()
    saved = memory_store.question_stats("sample", "britain")
    assert saved is not None and (saved.attempts, saved.correct) == (1, 1)


async def test_f5_overrules_says_so_and_changes_it_back(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain", "purges"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"in 1924", "enter")
        await shown(pilot, app, "✓ Right")
        await pilot.press("question_mark")  # help lists the key
        text = await shown(pilot, app, "Keys — Quiz")
        assert re.search(r"f5\s+Overrule mark", text) and not re.search(r"\bo\s+Overrule", text)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f5")
        text = await shown(pilot, app, "overruled by you")
        assert "✗ Wrong — overruled by you: the marker said ✓ right" in text
        assert "f5: change it back" in text
        app.writer.wait_until_saved()
        assert memory_store.question_stats("sample", "britain").correct == 0
        await pilot.press("f5")
        text = await shown(pilot, app, "f5: overrule this mark")
        assert "✓ Right" in text and "overruled" not in text
        app.writer.wait_until_saved()
    saved = memory_store.question_stats("sample", "britain")
    assert (saved.attempts, saved.correct) == (1, 1)  # replaced each time, never added


async def test_typing_on_the_last_verdict_ends_nothing_and_says_so(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["britain"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"in 1924", "enter")
        await shown(pilot, app, "✓ Right")
        await pilot.press(*"ro")  # no next answer box: not the results (whose r retries)
        text = await shown(pilot, app, "Your typing was not taken")
        assert "✓ Right" in text and "Question 1 of 1" in text and "overruled" not in text


def shipped_app(clock, store):
    from tui.app import RevisionApp

    return RevisionApp(shipped_deck(), store, now=clock, rng=random.Random(3), animations=False)


async def test_a_checklist_takes_no_mark_from_keys_typed_as_it_appears(clock):
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    deck_id = shipped_deck().id
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        await shown(pilot, app, "Check the mark points: 2 of 4 marks")
        await pilot.press(*"no 1", "enter")  # typed on: "n" no marks, "1" a tick, enter confirms
        text = await shown(pilot, app, "Your typing was not taken")
        assert "Check the mark points: 2 of 4 marks" in text and "Question 1 of 2" in text
        clock.advance(TYPE_AHEAD_GUARD - 0.5)
        await pilot.press("x")  # still typing: the mark keys wait again
        clock.advance(TYPE_AHEAD_GUARD - 0.5)
        await pilot.press("n")
        await pilot.pause()
        assert "Check the mark points: 2 of 4 marks" in screen_text(app)
        app.writer.wait_until_saved()
        assert store.question_stats(deck_id, HITLER) is None  # nothing recorded
        clock.advance(TYPE_AHEAD_GUARD)  # the student has read it: its keys act
        await pilot.press("1")
        await shown(pilot, app, "3 of 4 marks")
        await pilot.press("enter")
        await shown(pilot, app, "Question 2 of 2")
        app.writer.wait_until_saved()
    assert store.question_stats(deck_id, HITLER).recent_credit == (0.75,)


async def test_a_self_mark_takes_no_y_or_n_typed_as_it_appears(make_app, memory_store, clock):
    app = make_app(store=memory_store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review(["purges", "britain"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"the purges", "enter")
        await shown(pilot, app, "Is your answer right?")
        await pilot.press(*"yes")
        text = await shown(pilot, app, "Your typing was not taken")
        assert "Is your answer right?" in text
        app.writer.wait_until_saved()
        assert memory_store.question_stats("sample", "purges") is None
        clock.advance(TYPE_AHEAD_GUARD)
        await pilot.press("n")
        await shown(pilot, app, "Question 2 of 2")
        app.writer.wait_until_saved()
    saved = memory_store.question_stats("sample", "purges")
    assert saved is not None and (saved.attempts, saved.correct) == (1, 0)


async def test_keys_typed_with_enter_take_no_mark_on_the_checklist_that_follows(clock):
    store = ProgressStore.in_memory(now=clock)
    app = shipped_app(clock, store)
    async with app.run_test(size=SIZE) as pilot:
        app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        typed_at_once(app, TWO_POINTS + "\rno 1")  # "n" no marks, "1" a tick, had they been taken
        text = await shown(pilot, app, "Your typing was not taken")
        assert "Check the mark points: 2 of 4 marks" in text
        assert app.screen.quiz.questions[0].response == TWO_POINTS
