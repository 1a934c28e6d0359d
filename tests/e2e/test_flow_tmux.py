"""Issue 16 in a real terminal: drafts kept across pause and help, arrows in the card reader,
and a four-grade flashcard drill that brings a missed card back in the same session."""

from __future__ import annotations

import json

from tests.e2e.terminal import Terminal, needs_terminal
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = needs_terminal


def test_a_typed_draft_survives_pause_and_help_with_its_cursor(tmp_path):
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Down", "Down", "Right")
        term.wait_for("‹ typed answers ›")
        term.send("Enter")
        term.wait_for("Question 1 of 10", "Type your answer")
        term.type("in 19xx")
        term.send("Left", "Left")
        term.send("F2")
        paused = term.wait_for("Paused")
        assert "in 19xx" not in paused
        term.send("F2")
        term.wait_for("in 19xx", "Question 1 of 10")
        term.send("F1")
        term.wait_for("Keys — Quiz", "While typing", "Pause")
        term.send("Escape")
        # Closed first: the quiz shows around the help box, and an escape with keys after it is alt+key.
        term.wait_gone("Keys — Quiz")
        term.wait_for("in 19xx", "Question 1 of 10")
        term.type("42")  # the cursor is still before "xx"
        term.wait_for("in 1942xx")
        term.quit()


def test_arrows_move_in_the_card_reader(tmp_path):
    deck = load_deck(shipped_deck_path())
    first_topic = deck.topics[0].name
    cards = deck.cards_in(first_topic)
    with Terminal(tmp_path, size=(80, 24)) as term:
        term.wait_for(deck.title, unwrap=True)
        term.send("t")
        term.wait_for("Mastery", unwrap=True)
        term.send("Enter")
        term.wait_for(f"1 / {len(cards)}", cards[0].question, unwrap=True)
        term.send("Right")
        term.wait_for(f"2 / {len(cards)}", cards[1].question, unwrap=True)
        term.send("Right")
        term.wait_for(f"3 / {len(cards)}", unwrap=True)
        term.send("Left")
        term.wait_for(f"2 / {len(cards)}", cards[1].question, unwrap=True)
        term.quit()


def grade(term: Terminal, number: int, of: int, key: str, header: str = "Question") -> str:
    """Reveal flashcard `number` of `of` and grade it with `key` (1–4); the question pane before grading.

    `header`: "Again: question" for a card relearned in the same session.
    """
    shown = term.wait_for(f"{header} {number} of {of}", "press space", unwrap=True)
    term.send("Space")
    term.wait_for("How well did you know it?", "1 Again", "4 Easy", unwrap=True)
    term.send(key)
    return shown


def test_a_four_grade_flashcard_drill_relearns_a_missed_card(tmp_path):
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Left")  # 5 questions
        term.wait_for("‹ 5 ›")
        term.send("Down", "Down", "Right", "Right")
        term.wait_for("‹ flashcards")
        term.send("Enter")
        for number, key in zip(range(1, 6), "11432", strict=True):  # Again twice, then Easy, Good, Hard
            grade(term, number, 5, key)
        term.wait_for("Quiz — 3/5", "Time used", unwrap=True)
        term.send("r")  # the two missed, as a drill
        grade(term, 1, 2, "1")  # missed again: it comes back at the end of this drill
        grade(term, 2, 2, "3")
        # The same card 1 of the drill's 2, asked again: relearning adds no question to the count.
        again = grade(term, 1, 2, "2", header="Again: question")
        assert "again: you missed it earlier" in again
        term.wait_for("Retry: Quiz — 1/2", unwrap=True)  # the paper: each card as first answered
        term.quit()

        shown = term.revise("stats", "--json")
    assert shown.returncode == 0, shown.stderr
    [deck] = json.loads(shown.stdout)["decks"]
    attempts = sorted(q["attempts"] for q in deck["questions"])
    assert attempts == [1, 1, 1, 2, 3]  # the relearnt card: quiz, drill, and again in the drill
    assert deck["attempts"] == 8 and deck["correct"] == 5


def test_letters_typed_while_the_terminal_is_too_small_reach_the_answer(tmp_path):
    with Terminal(tmp_path, size=(100, 30)) as term:
        term.wait_for("Timed quiz")
        term.send("q")
        term.wait_for("New quiz", "‹ 10 ›")
        term.send("Down", "Down", "Right")
        term.wait_for("‹ typed answers ›")
        term.send("Enter")
        term.wait_for("Question 1 of 10", "Type your answer")
        term.type("in 19")
        term.wait_for("in 19")
        term.resize(70, 20)
        term.wait_for("This one is 70×20: please make it larger.")
        term.type("24")  # typing on while the window is dragged
        term.resize(100, 30)
        pane = term.wait_for("in 1924", "Question 1 of 10")
        assert "at least 80×24" not in pane
        term.quit()
