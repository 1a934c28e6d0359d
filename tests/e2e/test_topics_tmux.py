"""Topics in a real terminal: open a topic, flip a card and read its answer off a tmux pane."""

from __future__ import annotations

from tests.e2e.terminal import Terminal, needs_terminal
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path
from tui.widgets.answer_text import answer_lines

pytestmark = needs_terminal


def test_open_a_topic_flip_a_card_and_search_in_80x24(tmp_path):
    deck = load_deck(shipped_deck_path())
    second_topic = deck.topics[1].name
    first, second = deck.cards_in(second_topic)[:2]
    with Terminal(tmp_path, size=(80, 24)) as term:
        term.wait_for(deck.title, unwrap=True)
        term.send("t")
        term.wait_for("Topic", "Mastery", "not started", unwrap=True)
        term.send("Down")
        term.wait_for(f"{second_topic} · {len(deck.cards_in(second_topic))} cards", unwrap=True)
        term.send("Enter")
        total = len(deck.cards_in(second_topic))
        front = term.wait_for(f"1 / {total}", first.question, "space shows the answer", unwrap=True)
        assert answer_lines(first.answer)[0] not in front
        term.send("Space")
        back = term.wait_for("space hides the answer", unwrap=True)
        for line in answer_lines(first.answer):
            assert line in back, back
        term.send("j")
        term.wait_for(f"2 / {total}", second.question, unwrap=True)
        # Escape alone, then "/": sent together a terminal reads them as alt+/.
        term.send("Escape")
        term.wait_for("Mastery", unwrap=True)
        term.send("/")
        term.wait_for("type to narrow", unwrap=True)
        term.type("rapallo")
        term.wait_for("1 card matches “rapallo”", unwrap=True)
        term.send("Enter")
        term.wait_for("What was the Treaty of Rapallo 1922?", "1 / 1", unwrap=True)
        term.send("Space")
        rapallo = deck.card(next(c.id for c in deck.cards if "Rapallo" in c.question))
        term.wait_for(*answer_lines(rapallo.answer), unwrap=True)
        term.quit()
