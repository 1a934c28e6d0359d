"""`revise export`: any deck as native TOML with its ids kept; bad input as `revise check` reports it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.deck_files import FIXTURES
from tui.cli import main
from tui.core.display import display_safe
from tui.core.formats import load_deck, parse


@pytest.mark.parametrize("name", ["anki-export.txt", "source-notes.txt", "quizlet.txt"])
def test_export_prints_a_native_deck_with_the_same_ids(capsys, tmp_path, name):
    assert main(["export", "--deck", str(FIXTURES / name), "--format", "toml"]) == 0
    out = capsys.readouterr().out
    exported = parse(out, tmp_path / "copy.toml", "native")
    deck = load_deck(FIXTURES / name)
    assert [c.id for c in exported.cards] == [c.id for c in deck.cards]
    assert exported.cards == deck.cards and exported.id == deck.id


def test_export_writes_the_output_file_and_will_not_overwrite_one(capsys, tmp_path):
    output = tmp_path / "copy.toml"
    assert main(["export", "--deck", str(FIXTURES / "anki-export.txt"), "--output", str(output)]) == 0
    assert load_deck(output).cards == load_deck(FIXTURES / "anki-export.txt").cards
    assert "wrote" in capsys.readouterr().err

    assert main(["export", "--deck", str(FIXTURES / "quizlet.txt"), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"revise: {output}: already exists — choose another file name (revise export overwrites it with --force)\n"
    )
    assert main(["export", "--deck", str(FIXTURES / "quizlet.txt"), "-o", str(output), "--force"]) == 0
    assert load_deck(output).cards == load_deck(FIXTURES / "quizlet.txt").cards


def test_export_of_the_shipped_deck_by_default(capsys):
    assert main(["export"]) == 0
    assert 'id = "soviet-foreign-policy"' in capsys.readouterr().out


@pytest.mark.parametrize("content", [None, b"", b"\x00\x01binary"], ids=["missing", "empty", "binary"])
def test_bad_decks_fail_as_revise_check_fails(capsys, tmp_path, content):
    path = tmp_path / "deck.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    check_err = capsys.readouterr().err
    assert main(["export", "--deck", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == check_err and captured.err.count("\n") == 1 and captured.out == ""


def test_export_in_a_real_process_has_no_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--deck", str(tmp_path / "nope.toml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("revise: ") and "Traceback" not in run.stderr


def test_an_output_folder_that_does_not_exist_is_one_line_and_exit_2(capsys, tmp_path):
    output = tmp_path / "no-such-folder" / "copy.toml"
    assert main(["export", "--deck", str(FIXTURES / "quizlet.txt"), "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"revise: {output}: cannot be written (no such file or directory)")
    assert err.count("\n") == 1 and not output.parent.exists()


# -- what is exported is what the app shows ------------------------------------------------

_TRICKY = ["\x1b", "\x1b]0;PWNED\x07", "\x1b[31m", "\x07", "\x9b", "\x7f", "\r", "\u202e", "\u202a", "\u2067"]
_TRICKY += [
    "\u2069",
    "\u200d",
    "\U0001f468\u200d\U0001f469",
    "\ufe0f",
    "é",
    "क\u200dष",
    '"',
    "\\",
    "'''",
    " ",
]
_CARD_TEXT = st.lists(st.one_of(st.sampled_from(_TRICKY), st.text("abcXYZ 19", max_size=4)), max_size=12).map(
    "".join
)


def _toml_string(text: str) -> str:
    """A TOML basic string: controls, quotes and backslashes escaped, everything else as it is."""
    escaped = (
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in '"\\' else c for c in text
    )
    return '"' + "".join(escaped) + '"'


def _shown(text: str) -> bool:
    """No control character but newline, no bidi override, no joined emoji: as display_safe leaves it."""
    return display_safe(text) == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_CARD_TEXT, question=_CARD_TEXT, answer=_CARD_TEXT, point=_CARD_TEXT, topic=_CARD_TEXT)
def test_an_exported_deck_holds_the_shown_text_and_reimports_identically(
    capsys, tmp_path_factory, title, question, answer, point, topic
):
    folder = tmp_path_factory.mktemp("export")
    source = folder / "deck.toml"
    source.write_text(
        f'title = {_toml_string("Deck " + title)}\n[[cards]]\nid = "c1"\n'
        f"topic = {_toml_string('Topic ' + topic)}\nquestion = {_toml_string('Q ' + question + '?')}\n"
        f"answer = {_toml_string('A ' + answer)}\npoints = [{_toml_string('P ' + point)}]\n"
        'event = { date = "1922", label = ' + _toml_string("Rapallo " + title) + " }\n",
        encoding="utf-8",
    )
    output = folder / "copy.toml"
    assert main(["export", "--deck", str(source), "--output", str(output)]) == 0
    capsys.readouterr()
    written = output.read_text(encoding="utf-8")
    # the file itself: no raw control character (TOML escapes would be read back as one, so none either)
    assert all(char in "\n" or char.isprintable() or char == "\u200d" for char in written)
    assert "\\u001b" not in written.lower() and "\u202e" not in written and "\\u202e" not in written.lower()
    deck, copy = load_deck(source, cached=False), load_deck(output, cached=False)
    assert copy.cards == deck.cards and copy.title == deck.title and copy.events == deck.events
    assert [topic.name for topic in copy.topics] == [topic.name for topic in deck.topics]
    card = copy.cards[0]
    for text in (copy.title, card.topic, card.question, card.answer, *card.points, copy.events[0].label):
        assert _shown(text), repr(text)
    # `revise check --json` lists the card as exported
    assert main(["check", str(output), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["card_list"]
    assert (listed["question"], listed["answer"]) == (card.question, card.answer)
