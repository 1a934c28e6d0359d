"""A hostile deck in a real terminal: its escapes never reach the terminal (issue 13, item 1)."""

from __future__ import annotations

from tests.e2e.terminal import Terminal, needs_terminal
from tests.hostile_deck import write_hostile_toml

pytestmark = needs_terminal


def test_escape_sequences_in_a_deck_leave_the_terminal_alone(tmp_path):
    deck = write_hostile_toml(tmp_path)
    with Terminal(tmp_path, args=("--deck", str(deck))) as term:
        term.wait_for("Timed quiz", "Hostile")
        title = term.display("#{pane_title}")
        assert "PWNED" not in title

        def intact(*needles: str, ticking: bool = False) -> str:
            # A screen with a running clock in tenths (match) never draws alike twice: wait for its text.
            pane = term.wait_for(*needles) if ticking else term.settled(*needles)
            assert term.display("#{pane_title}") == title  # no OSC 0 got through
            assert term.display("#{alternate_on}") == "1"  # no alternate-screen exit, no clear
            assert "Revise — " in pane.splitlines()[0]  # the header still on the top row
            return pane

        pane = intact("Arrays [/] slices")
        assert "[bold]b[/bold]" in pane
        term.send("t")
        intact("Topic", "Links [link=https://x]x[/link]")
        term.send("Enter")
        intact("Question 0 [/]")
        term.send("Space")
        intact("⇒ then [/]")
        # One key at a time: escape straight followed by a letter reads as alt+letter.
        term.send("Escape")
        intact("Dated events")
        term.send("Escape")
        intact("Timed quiz")
        term.send("m")
        intact("Events", "Dates", "Event 0 [bold]b[/bold]", ticking=True)
        term.send("Escape")
        intact("Timed quiz")
        term.send("q")
        intact("New quiz")
        term.send("Enter")
        intact("Question 1 of 9")
        term.send("1")
        term.wait_for("✓ Right", "✗ Wrong", any_of=True)
        intact("Question 1 of 9", "Answer")
        term.quit()
