"""Opening any file: format detection, file-level errors for people, and fuzzing.

Whatever text or bytes a loader is given, the only exception that may escape is DeckError.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.deck_files import FIXTURES
from tui.core.deck import MAX_DECK_BYTES, Deck, DeckError
from tui.core.formats import decode_deck_bytes, detect_text_format, load_deck, parse

NOTES = (FIXTURES / "source-notes.txt").read_text(encoding="utf-8")


def write(tmp_path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def error_for(path: Path, format: str | None = None) -> str:
    with pytest.raises(DeckError) as caught:
        load_deck(path, format)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "deck.toml",
            'title = "t"\n[[cards]]\nid = "a"\ntopic = "t"\nquestion = "q"\nanswer = "a"\n',
            "native",
        ),
        ("notes.txt", NOTES, "notes"),
        ("notes.md", "# T\n\n## Topic\n\nQ?\n\nA\n", "notes"),
        ("notes", "Q?\n\nA\n", "notes"),
        ("quizlet.txt", "Rapallo\tTreaty\nGenoa\tConference\n", "anki"),
        ("export.txt", "#separator:comma\nRapallo,Treaty\n", "anki"),
        ("export.txt", "Rapallo;Treaty\nGenoa;Conference\n", "anki"),
        ("export.csv", "Rapallo,Treaty\n\nGenoa,Conference\n", "anki"),
        ("export.tsv", "Rapallo\tTreaty\n", "anki"),
    ],
)
def test_format_is_detected_from_extension_and_content(tmp_path, name, content, expected):
    assert load_deck(write(tmp_path, name, content)).format == expected


def test_format_argument_overrides_detection(tmp_path):
    path = write(tmp_path, "cards.dat", "Rapallo|Treaty\n")
    assert "unknown deck format (.dat)" in error_for(path)
    deck = load_deck(path, "anki")
    assert (deck.format, deck.cards[0].answer) == ("anki", "Treaty")
    notes_as_text = write(tmp_path, "notes.txt", "Q: what?\n\nA: that\n")
    assert load_deck(notes_as_text).format == "notes"


def test_unknown_format_says_which_formats_exist(tmp_path):
    message = error_for(write(tmp_path, "deck.json", "{}"))
    assert "unknown deck format" in message and "--format native|notes|anki" in message
    assert "unknown deck format 'yaml'" in error_for(write(tmp_path, "d.txt", "Q\tA\n"), "yaml")
    assert "--format" in error_for(write(tmp_path, "one-line.txt", "just one line of text\n"))


def test_a_damaged_anki_package_gets_export_advice(tmp_path):
    message = error_for(write(tmp_path, "deck.apkg", b"PK\x03\x04\x00"))
    assert "deck.apkg: is not a readable Anki package" in message and "'Anki Deck Package'" in message


def test_missing_file_and_folder(tmp_path):
    assert error_for(tmp_path / "nope.toml").endswith(
        "nope.toml: no such file — check the spelling of the path (a relative path starts from the current folder)"
    )
    assert "is a folder, not a deck file" in error_for(tmp_path)


def test_unreadable_file(tmp_path, monkeypatch):
    locked = write(tmp_path, "locked.txt", "Q\tA\n")
    real_open = Path.open

    def refuse(self, *args, **kwargs):  # as chmod 0 would, even for root
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert error_for(locked).endswith(
        "locked.txt: cannot be read (permission denied) — check that the file exists and that you may read it"
    )


def test_binary_latin1_utf16_and_empty_files(tmp_path):
    assert ":2: looks like a binary file" in error_for(write(tmp_path, "b.txt", b"Q\tA\n\x00\x01\x02"))
    latin = error_for(write(tmp_path, "l.txt", "Rapallo\tTraité\n".encode("latin-1")))
    assert latin.endswith(
        "l.txt:1:14: is not UTF-8 text (byte 0xE9) — save it as UTF-8 (most editors offer this under 'Save as' or 'Encoding')"
    )
    assert "is saved as UTF-16" in error_for(write(tmp_path, "u.txt", "Q\tA\n".encode("utf-16")))
    assert "e.toml: is empty" in error_for(write(tmp_path, "e.toml", ""))
    assert "w.txt: is empty" in error_for(write(tmp_path, "w.txt", " \n\n\t\n"))


def test_utf8_bom_is_fine_in_every_format(tmp_path):
    bom = b"\xef\xbb\xbf"
    assert load_deck(write(tmp_path, "n.txt", bom + b"Q?\n\nA\n")).cards[0].question == "Q?"
    assert load_deck(write(tmp_path, "q.txt", bom + b"Q\tA\n")).cards[0].question == "Q"
    toml = bom + b'title = "T"\n[[cards]]\nid = "a"\ntopic = "t"\nquestion = "Q"\nanswer = "A"\n'
    assert load_deck(write(tmp_path, "d.toml", toml)).title == "T"


def sparse_file(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: costs no disk and would be all NUL if read
    return path


def test_files_over_20_mb_are_refused_before_reading(tmp_path):
    message = error_for(sparse_file(tmp_path / "huge.txt", MAX_DECK_BYTES + 1))
    # one byte over still reads as over the limit, never as the limit itself
    assert "is 20.1 MB (20,000,001 bytes); decks over 20.0 MB (20,000,000 bytes) are refused" in message
    assert "split it" in message


def test_the_size_told_and_the_limit_use_the_same_megabyte(tmp_path):
    # the trial's file: 21,000,000 bytes was told as "20.0 MB" against a "20 MB" limit (MiB vs MB)
    message = error_for(sparse_file(tmp_path / "big.txt", 21_000_000))
    assert "is 21.0 MB (21,000,000 bytes); decks over 20.0 MB" in message
    assert MAX_DECK_BYTES == 20_000_000


def test_a_file_of_exactly_20_mb_is_not_refused_for_its_size(tmp_path):
    message = error_for(sparse_file(tmp_path / "edge.txt", MAX_DECK_BYTES))
    assert "refused" not in message and "binary" in message  # read, and then found to be all NUL


def test_detection_of_text_files():
    assert detect_text_format(NOTES) == "notes"
    assert detect_text_format("#separator:tab\nQ\tA\n") == "anki"
    assert detect_text_format("Q\tA\n\nQ2\tA2\n") == "anki"
    assert detect_text_format("# title only\n") is None
    assert detect_text_format("one line\nanother line\n") is None


def test_decode_reports_the_column_in_characters():
    with pytest.raises(DeckError) as caught:
        decode_deck_bytes("Q\n\nA — é\xff".encode() + b"\xff", "x.txt")
    assert str(caught.value).startswith("x.txt:3:") and caught.value.line == 3


FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# Pieces of real decks, so random text often gets past the first checks.
TOKENS = [
    "#separator:",
    "#html:true",
    "#html:false",
    "#columns:",
    "#deck:",
    "#tags:",
    "#notetype:",
    "#deck column:",
    "#tags column:",
    "#guid column:",
    "#notetype column:",
    "Tab",
    "Pipe",
    "3",
    "²",
    "0",
    "[[cards]]",
    'id = "a"',
    'topic = "t"',
    'question = "When?"',
    'answer = """',
    '"""',
    "event = { date = ",
    "title = ",
    "topics = [",
    "]",
    "# Title",
    "## Topic",
    "When did it happen?",
    "In 1924",
    "1941-44",
    "<br>",
    "<br />",
    "&amp;",
    "A::B",
    '""',
    '"',
    "\t",
    ",",
    ";",
    "|",
    ":",
    "\n",
    "\n\n",
    "\n\n\n",
    "\r\n",
]
deckish_text = st.text(
    alphabet=st.sampled_from(list('\t,;|:"#\n\r =[]{}abcQA?19-<br>éø\ufeff\x00\u2028\x0b')) | st.characters(),
    max_size=300,
) | st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join)


@FUZZ
@given(text=deckish_text, format=st.sampled_from(["native", "notes", "anki"]))
def test_parsers_raise_nothing_but_deck_error_on_random_text(text, format):
    try:
        deck = parse(text, Path("fuzz.txt"), format)
    except DeckError:
        return
    assert isinstance(deck, Deck) and deck.cards
    assert len({card.id for card in deck.cards}) == len(deck.cards)
    assert all(card.answer.strip() for card in deck.cards)
    assert sum(len(topic.card_ids) for topic in deck.topics) == len(deck.cards)
    assert all(deck.has_card(event.card_id) for event in deck.events)


@FUZZ
@given(
    data=st.binary(max_size=300) | deckish_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    name=st.sampled_from(["d.toml", "d.txt", "d.md", "d.csv", "d.tsv", "d", "d.bin"]),
    format=st.sampled_from([None, "native", "notes", "anki"]),
)
def test_load_raises_nothing_but_deck_error_on_random_bytes(tmp_path, data, name, format):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        deck = load_deck(path, format)
    except DeckError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))
        return
    assert deck.cards
