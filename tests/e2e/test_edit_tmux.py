"""Editing a card in a real terminal: $EDITOR runs while the app is suspended, then the same screen shows the change."""

from __future__ import annotations

import shutil
import sys

from tests.e2e.terminal import Terminal, needs_terminal
from tui.core.formats import load_deck
from tui.paths import shipped_deck_path

pytestmark = needs_terminal


def test_edit_a_card_in_the_editor_and_come_back_to_the_reader(tmp_path):
    deck_path = tmp_path / "soviet.toml"
    shutil.copy(shipped_deck_path(), deck_path)
    deck = load_deck(deck_path)
    topic = deck.topics[0].name
    card = deck.cards_in(topic)[0]
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"path.write_text(path.read_text(encoding='utf-8').replace({card.answer!r}, 'Edited in the editor'),"
        " encoding='utf-8')\n",
        encoding="utf-8",
    )
    env = {"EDITOR": f"{sys.executable} {script}", "VISUAL": ""}
    with Terminal(tmp_path, args=("--deck", str(deck_path)), size=(100, 30), env=env) as term:
        term.wait_for(deck.title, unwrap=True)
        term.send("t")
        term.wait_for("Mastery", unwrap=True)
        term.send("Enter")
        term.wait_for(card.question, "e edits the card", unwrap=True)
        term.send("e")
        term.wait_for("Card edited", unwrap=True)
        term.send("Space")
        back = term.wait_for("Edited in the editor", "space hides the answer", unwrap=True)
        assert card.question in back  # the same card, in the same reader
        term.quit()
    assert load_deck(deck_path).card(card.id).answer == "Edited in the editor"
