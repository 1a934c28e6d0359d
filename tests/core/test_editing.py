"""Editing and adding cards in their deck files: only the card's lines change, ids stay, stale files are refused."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.deck_files import FIXTURES, write_deck
from tui.core.deck import card_id_for
from tui.core.editing import (
    DeckChanged,
    EditError,
    ReadOnlyDeck,
    add_card,
    edit_card,
    event_date_after_edit,
    file_stamp,
    write_native_copy,
)
from tui.core.formats import load_deck
from tui.core.formats.safe_text import strip_controls
from tui.paths import shipped_deck_path


def copy_of(source: Path, tmp_path: Path, name: str | None = None) -> Path:
    target = tmp_path / (name or source.name)
    shutil.copyfile(source, target)
    return target


def changed_lines(before: str, after: str) -> tuple[set[int], set[int]]:
    """1-based numbers of the lines that differ: (in before, in after)."""
    old, new = before.splitlines(), after.splitlines()
    gone, came = set(), set()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            gone.update(range(i1 + 1, i2 + 1))
            came.update(range(j1 + 1, j2 + 1))
    return gone, came


def card_block(text: str, card_id: str) -> range:
    """1-based lines from a card's [[cards]] header to the line before the next header."""
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, 1) if line.strip() == "[[cards]]"]
    mine = next(n for n in headers if lines[n] == f'id = "{card_id}"')
    later = [n for n in headers if n > mine]
    return range(mine, later[0] if later else len(lines) + 1)


# -- native TOML ----------------------------------------------------------------------


def test_editing_one_card_of_the_shipped_deck_changes_only_that_cards_lines(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    before = path.read_text(encoding="utf-8")
    deck = load_deck(path)
    card = deck.card("comintern-1919")

    saved = edit_card(
        deck,
        card.id,
        question="What was the Comintern?",
        answer='Founded in Moscow, 1919\n= "world revolution" \\ not """diplomacy"""',
    )

    after = path.read_text(encoding="utf-8")
    gone, came = changed_lines(before, after)
    assert gone and gone <= set(card_block(before, card.id))
    assert came <= set(card_block(after, card.id))
    assert saved.card_id == saved.old_id == "comintern-1919" and not saved.id_changed
    reloaded = load_deck(path)
    edited = reloaded.card("comintern-1919")
    assert edited.question == "What was the Comintern?"
    assert edited.answer == 'Founded in Moscow, 1919\n= "world revolution" \\ not """diplomacy"""'
    assert [c for c in reloaded.cards if c.id != card.id] == [c for c in deck.cards if c.id != card.id]
    assert reloaded.events == deck.events  # the card's event line is untouched
    assert 'answer = """\nFounded in Moscow, 1919\n' in after  # still a multi-line string


def test_a_native_topic_change_adds_the_topic_to_the_topics_list(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    deck = load_deck(path)

    saved = edit_card(deck, "contradictory-aims", topic="Aims")

    assert saved.deck.card("contradictory-aims").topic == "Aims"
    assert [t.name for t in saved.deck.topics][-1] == "Aims"
    assert saved.deck.topic("Aims").card_ids == ("contradictory-aims",)


def test_a_comment_on_an_edited_line_is_kept(tmp_path):
    path = write_deck(
        tmp_path,
        '# my deck\ntitle = "T"\n\n[[cards]]\nid = "a"  # stable\ntopic = "X"\n'
        'question = "Q?"  # asked in class\nanswer = "A"\n',
        "d.toml",
    )
    edit_card(load_deck(path), "a", question="New Q?")
    assert 'question = "New Q?"  # asked in class\n' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        'title = "T"\n\n[[cards]]\nid = "a"\ntopic = "X"\nquestion = "Q?"\nanswer = """\n[[cards]]\n"""\n\n'
        '[[cards]]\nid = "b"\ntopic = "X"\nquestion = "R?"\nanswer = "B"\n',
        'title = "T"\ncards = [\n  { id = "a", topic = "X", question = "Q?", answer = "A" },\n'
        '  { id = "b", topic = "X", question = "R?", answer = "B" },\n]\n',
    ],
    ids=["header-line-in-an-answer", "inline-cards"],
)
def test_decks_whose_cards_cannot_be_found_by_their_headers_are_edited_whole(tmp_path, text):
    path = write_deck(tmp_path, text, "d.toml")
    deck = load_deck(path)

    edit_card(deck, "b", answer="New B", topic="Y")

    reloaded = load_deck(path)
    assert reloaded.card("b").answer == "New B" and reloaded.card("b").topic == "Y"
    assert reloaded.card("a") == deck.card("a")


def test_a_native_deck_with_crlf_keeps_its_line_breaks(tmp_path):
    path = tmp_path / "d.toml"
    path.write_bytes(
        b'title = "T"\r\n\r\n[[cards]]\r\nid = "a"\r\ntopic = "X"\r\nquestion = "Q?"\r\nanswer = "A"\r\n'
    )

    saved = edit_card(load_deck(path), "a", answer="one\ntwo")
    add_card(saved.deck, "X", "New?", "B")

    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") and b'answer = """\r\none\r\ntwo\r\n"""\r\n' in data
    assert load_deck(path).card("a").answer == "one\ntwo"


def test_adding_to_a_native_deck_gives_a_unique_slug_id_in_the_topic(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    before = path.read_text(encoding="utf-8")
    deck = load_deck(path)

    first = add_card(deck, "Recognition 1922–1933", "What was the Locarno treaty?", "1925, without the USSR")
    second = add_card(first.deck, "Recognition 1922–1933", "What was the Locarno treaty?!", "Again")

    assert (first.card_id, first.old_id) == ("what-was-the-locarno-treaty", None)
    assert second.card_id == "what-was-the-locarno-treaty-2"
    reloaded = load_deck(path)
    assert reloaded.topic("Recognition 1922–1933").card_ids[-2:] == (first.card_id, second.card_id)
    assert reloaded.cards[: len(deck.cards)] != deck.cards  # inserted within the topic, not at the end
    assert [c for c in reloaded.cards if c.id not in {first.card_id, second.card_id}] == deck.cards
    gone, _ = changed_lines(before, path.read_text(encoding="utf-8"))
    assert not gone  # only lines added


def test_adding_in_a_new_native_topic(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    saved = add_card(load_deck(path), "Cold War", "What was the Truman doctrine?", "Containment, 1947")
    reloaded = load_deck(path)
    assert reloaded.topics[-1].name == "Cold War"
    assert reloaded.cards_in("Cold War")[0].id == saved.card_id

    long = "Why did the Western powers and the USSR fail to agree on the future of Germany after 1945?"
    longer = add_card(reloaded, "Cold War", long, "Reparations, zones and currency")
    assert longer.card_id == card_id_for(long) and len(longer.card_id) < 70
    assert load_deck(path).cards_in("Cold War")[-1].question == long


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip())
_TRICKY = st.sampled_from(
    ['"""', "\\", '"', "'''", "\n", "\\n", "\\u00e9", "é", "😀", "\t", "\r\n", "#", "[[cards]]"]
)


# Text that is only control characters loads as empty, and an empty question is refused by design.
_MIXED = (
    st.lists(st.one_of(_TEXT, _TRICKY), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda t: strip_controls(t).strip())
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=_MIXED, answer=_MIXED)
def test_any_text_edited_into_a_toml_deck_reloads_as_written(question, answer):
    with tempfile.TemporaryDirectory() as folder:
        path = write_deck(
            Path(folder),
            'title = "T"\n\n[[cards]]\nid = "a"\ntopic = "X"\nquestion = "Q"\nanswer = "A"\n',
            "d.toml",
        )
        saved = edit_card(load_deck(path), "a", question=question, answer=answer)
        card = load_deck(path).card("a")
    lines = strip_controls(answer).strip().split("\n")  # the loaders drop control characters
    assert card.question == strip_controls(question).strip()
    assert card.answer == "\n".join(line.rstrip() for line in lines).strip()
    assert saved.deck.card("a") == card


# -- plain notes ---------------------------------------------------------------------------


def test_editing_an_answer_in_plain_notes_replaces_just_that_cards_lines(tmp_path):
    path = copy_of(FIXTURES / "source-notes.txt", tmp_path)
    before = path.read_text(encoding="utf-8")
    deck = load_deck(path)
    card = deck.cards[5]

    saved = edit_card(deck, card.id, answer="Secret agreements with Germany\n\n= access to German technology")

    after = path.read_text(encoding="utf-8")
    start = before.splitlines().index(card.question) + 1
    gone, came = changed_lines(before, after)
    old_answer_lines = card.answer.count("\n") + 1
    assert gone and gone <= set(range(start + 2, start + 2 + old_answer_lines))
    assert came <= set(range(start + 2, start + 5))
    assert after.splitlines()[start + 1 : start + 4] == [
        "Secret agreements with Germany",
        "",
        "= access to German technology",
    ]
    assert not saved.id_changed
    reloaded = load_deck(path)
    assert reloaded.card(card.id).answer == "Secret agreements with Germany\n\n= access to German technology"
    assert [c for c in reloaded.cards if c.id != card.id] == [c for c in deck.cards if c.id != card.id]


def test_editing_a_notes_question_gives_the_old_and_new_id_for_the_progress(tmp_path):
    path = copy_of(FIXTURES / "source-notes.txt", tmp_path)
    before = path.read_text(encoding="utf-8")
    deck = load_deck(path)
    card = deck.cards[2]

    saved = edit_card(deck, card.id, question="Why were foreign states hostile to the Soviets at first?")

    assert saved.id_changed and saved.old_id == card.id
    assert saved.card_id == card_id_for("Why were foreign states hostile to the Soviets at first?")
    reloaded = load_deck(path)
    assert reloaded.cards[2].id == saved.card_id and not reloaded.has_card(card.id)
    assert reloaded.cards[2].answer == card.answer
    assert saved.deck.id == reloaded.id  # untitled notes: the deck id is a fingerprint of its card ids
    gone, came = changed_lines(before, path.read_text(encoding="utf-8"))
    assert len(gone) == len(came) == 1  # the question's one line


# Characters the loaders drop (tui.core.formats.safe_text): zero-width space, word joiner, BOM,
# LRM, a bidi override and an isolate; and emoji, one glued by zero-width joiners.
_INVISIBLE_QUESTION = "What does 🚀 stand\u200b for in \u202ethis\u202c deck\u200b?"
_INVISIBLE_ANSWER = "Lift\u2060off \u2066👨\u200d👩\u200d👧\u2069 soon\u200e\ufeff"


def _invisible_deck(tmp_path: Path, fmt: str) -> Path:
    if fmt == "notes":
        text = f"# Weird\n\nFirst?\n\nOne\n\n\n{_INVISIBLE_QUESTION}\n\n{_INVISIBLE_ANSWER}\n\n\nLast?\n\nThree\n"
        return write_deck(tmp_path, text, "weird.txt")
    cards = [
        ("first", "First?", "One"),
        ("odd", _INVISIBLE_QUESTION, _INVISIBLE_ANSWER),
        ("last", "Last?", "Three"),
    ]
    text = 'title = "Weird"\n' + "".join(
        f'\n[[cards]]\nid = "{id_}"\ntopic = "T"\nquestion = "{q}"\nanswer = """\n{a}\n"""\n'
        for id_, q, a in cards
    )
    return write_deck(tmp_path, text, "weird.toml")


@pytest.mark.parametrize("fmt", ["notes", "native"])
@pytest.mark.parametrize("what", ["answer", "question"])
def test_a_card_with_invisible_characters_in_the_file_is_edited_as_the_loader_reads_it(tmp_path, fmt, what):
    path = _invisible_deck(tmp_path, fmt)
    deck = load_deck(path)
    card = deck.cards[1]
    assert "\u200b" not in card.question and "\u202e" not in card.question  # the loader cleaned them
    assert "🚀" in card.question and "👨" in card.answer

    new = f"{card.answer} (edited 🚀)" if what == "answer" else f"{card.question} Edited 🚀?"
    saved = edit_card(deck, card.id, **{what: new})

    reloaded = load_deck(path)
    assert getattr(reloaded.card(saved.card_id), what) == new
    assert [c for c in reloaded.cards if c.id != saved.card_id] == [c for c in deck.cards if c.id != card.id]
    assert saved.id_changed == (fmt == "notes" and what == "question")  # a native id never moves


def test_a_notes_file_with_crlf_keeps_its_line_breaks_and_other_bytes(tmp_path):
    text = "# Notes\r\n\r\nQ one?\r\n\r\nA one\r\n\r\n\r\nQ two?\r\n\r\nA two"  # no final line break
    path = write_deck(tmp_path, "", "n.txt")
    path.write_bytes(text.encode("utf-8"))
    deck = load_deck(path)

    edit_card(deck, deck.cards[0].id, answer="A one\nand more")
    assert path.read_bytes() == text.replace("A one", "A one\r\nand more").encode("utf-8")
    add_card(load_deck(path), "Notes", "Q three?", "A three")
    assert path.read_bytes().endswith(b"A two\r\n\r\n\r\nQ three?\r\n\r\nA three")


def test_adding_to_notes_in_a_topic_and_in_a_new_one(tmp_path):
    path = copy_of(FIXTURES / "notes-with-topics.md", tmp_path)
    deck = load_deck(path)

    early = add_card(deck, "Early diplomacy", "What was the Genoa conference?", "1922: loans for debts")
    later = add_card(early.deck, "Cold War", "What was the Truman doctrine?", "Containment\n\n\n1947")

    reloaded = load_deck(path)
    assert (
        reloaded.cards_in("Early diplomacy")[-1].id
        == early.card_id
        == card_id_for("What was the Genoa conference?")
    )
    assert reloaded.cards_in("Cold War")[0].answer == "Containment\n\n1947"  # blank runs become one
    assert later.card_id == card_id_for("What was the Truman doctrine?")
    assert [c for c in reloaded.cards if c.id not in {early.card_id, later.card_id}] == deck.cards


def test_moving_a_notes_card_to_another_topic(tmp_path):
    path = copy_of(FIXTURES / "notes-with-topics.md", tmp_path)
    deck = load_deck(path)
    card = deck.cards[0]

    saved = edit_card(deck, card.id, topic="Recognition")

    assert saved.card_id == card.id
    assert load_deck(path).cards_in("Recognition")[-1] == card.__class__(
        card.id, "Recognition", card.question, card.answer
    )


def test_notes_refuse_a_line_that_would_read_as_a_heading_and_a_repeated_question(tmp_path):
    path = copy_of(FIXTURES / "source-notes.txt", tmp_path)
    before = path.read_bytes()
    deck = load_deck(path)
    with pytest.raises(EditError, match="read as a topic"):
        edit_card(deck, deck.cards[0].id, answer="First\n\n## Not a topic")
    with pytest.raises(EditError, match="already asks this question"):
        add_card(deck, "All cards", deck.cards[3].question.upper(), "Anything")
    with pytest.raises(EditError, match="already asks this question"):
        edit_card(deck, deck.cards[0].id, question=deck.cards[1].question + "!")
    with pytest.raises(EditError, match="cannot be empty"):
        edit_card(deck, deck.cards[0].id, answer="  \n ")
    assert path.read_bytes() == before


_NOTES = "# Notes\n\nQ one?\n\nA one\n\n\nQ two?\n\nA two\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=_MIXED, answer=_MIXED)
def test_any_text_edited_into_notes_reloads_as_written_or_is_refused_untouched(question, answer):
    with tempfile.TemporaryDirectory() as folder:
        path = write_deck(Path(folder), _NOTES, "n.txt")
        deck = load_deck(path)
        try:
            saved = edit_card(deck, deck.cards[1].id, question=question, answer=answer)
        except EditError:
            assert path.read_text(encoding="utf-8") == _NOTES
            return
        reloaded = load_deck(path)
    card = reloaded.cards[1]
    lines = strip_controls(answer).strip().split("\n")  # the loaders drop control characters
    assert card.question == " ".join(
        line.strip() for line in strip_controls(question).split("\n") if line.strip()
    )
    assert [line for line in card.answer.split("\n") if line] == [
        line.rstrip() for line in lines if line.strip()
    ]
    assert saved.card_id == card.id and reloaded.cards[0] == deck.cards[0]


_WORDS = st.sampled_from(
    [
        *["Why", "When", "1924", "the", "USSR", "#", "##", "# Title", "## Topic", "= so", "- and", "  x"],
        *["\u200b", "a\u200bb", "\u202eUSSR\u202c", "🚀", "👨\u200d👩"],  # the loaders drop or split these
    ]
)
_LINE_TEXT = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_PARAGRAPH = st.lists(_LINE_TEXT, min_size=1, max_size=3)
_ITEM = st.one_of(
    _LINE_TEXT.map(lambda name: [f"## {name}"]),  # a topic heading
    st.tuples(_PARAGRAPH, st.lists(_PARAGRAPH, min_size=1, max_size=3), st.sampled_from([1, 1, 2])).map(
        lambda card: [
            *card[0],
            *[""] * card[2],  # the blank lines between question and answer
            *"\n\n".join("\n".join(p) for p in card[1]).split("\n"),
        ]
    ),
)
_PIECES = st.tuples(
    st.booleans(), st.lists(st.tuples(_ITEM, st.sampled_from([2, 2, 3, 1, 0])), min_size=1, max_size=10)
)


@settings(max_examples=80, deadline=None)
@given(pieces=_PIECES)
def test_the_editor_finds_every_notes_card_where_the_loader_reads_it(pieces):
    from tui.core.deck import DeckError
    from tui.core.editing import _notes_cards  # the locator the notes edits rely on
    from tui.core.formats import parse

    titled, items = pieces
    lines = ["# Title", ""] if titled else []
    for n, (item, blanks) in enumerate(items):
        # a number on each item's first line: repeated questions are another test's matter
        lines += [f"{item[0]} {n}", *item[1:], *[""] * blanks]
    text = "\n".join(lines)
    try:
        deck = parse(text, Path("n.txt"), "notes")
    except DeckError:
        return
    spans = iter((span.topic, span.question, span.answer) for span in _notes_cards(text.split("\n")))
    assert all((card.topic, card.question, card.answer) in spans for card in deck.cards)  # in order


# -- read-only decks, native copies ------------------------------------------------------------


def test_imported_decks_are_read_only_and_say_to_save_a_native_copy(tmp_path):
    deck = load_deck(copy_of(FIXTURES / "anki-export.txt", tmp_path))
    with pytest.raises(ReadOnlyDeck, match="save a native copy first"):
        edit_card(deck, deck.cards[0].id, answer="x")
    with pytest.raises(ReadOnlyDeck):
        add_card(deck, "Topic", "Q?", "A")


@pytest.mark.parametrize(
    "source",
    [
        shipped_deck_path(),
        FIXTURES / "source-notes.txt",
        FIXTURES / "notes-with-topics.md",
        FIXTURES / "anki-export.txt",
        FIXTURES / "quizlet.txt",
    ],
    ids=lambda p: p.name,
)
def test_a_native_copy_reloads_to_the_same_deck(tmp_path, source):
    deck = load_deck(source)
    copy = write_native_copy(deck, tmp_path / "copy.toml")
    again = load_deck(copy)
    assert again.format == "native"
    assert (again.id, again.title, again.topics) == (deck.id, deck.title, deck.topics)
    assert again.cards == deck.cards  # mark schemes and Anki tags included
    assert again.events == deck.events


def test_an_anki_package_is_read_only_and_its_native_copy_keeps_every_card(tmp_path):
    from tests.anki_packages import CLOZE, REVERSED, Note, write_package

    notes = [
        Note(
            ["What was the Treaty of Rapallo?", "Secret deal<br>with <b>Germany</b>"],
            deck="History::Early",
            tags=["rapallo"],
        ),
        Note(["Comintern", "Founded 1919"], REVERSED, deck="History::Early"),
        Note(
            ["The USSR joined the {{c1::League of Nations}} in {{c2::1934}}", ""],
            CLOZE,
            deck="History::Recognition",
        ),
    ]
    deck = load_deck(write_package(tmp_path / "history.apkg", notes))
    with pytest.raises(ReadOnlyDeck, match="save a native copy first"):
        edit_card(deck, deck.cards[0].id, answer="x")

    again = load_deck(write_native_copy(deck, tmp_path / "history.toml"))

    assert len(deck.cards) == 5  # a reversed note and a two-gap cloze give two cards each
    assert (again.id, again.topics, again.cards, again.events) == (
        deck.id,
        deck.topics,
        deck.cards,
        deck.events,
    )


def test_a_native_copy_of_an_import_is_editable_and_refuses_to_overwrite(tmp_path):
    deck = load_deck(FIXTURES / "anki-export.txt")
    copy = write_native_copy(deck, tmp_path / "copy.toml")
    with pytest.raises(EditError, match="already exists"):
        write_native_copy(deck, copy)
    saved = edit_card(load_deck(copy), deck.cards[0].id, answer="Edited")
    assert saved.deck.card(deck.cards[0].id).answer == "Edited"


# -- files changed on disk, atomic writes -------------------------------------------------------


def test_a_deck_changed_on_disk_since_loading_is_not_overwritten(tmp_path):
    path = copy_of(FIXTURES / "source-notes.txt", tmp_path)
    deck = load_deck(path)
    outside = path.read_text(encoding="utf-8") + "\n\nA question from another window?\n\nIts answer\n"
    path.write_text(outside, encoding="utf-8")

    with pytest.raises(DeckChanged, match="changed on disk since it was loaded — reload"):
        edit_card(deck, deck.cards[0].id, answer="mine")
    assert path.read_text(encoding="utf-8") == outside


def test_a_stamp_refuses_any_byte_change_and_without_one_a_comment_change_is_kept(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    stamp = file_stamp(path)
    deck = load_deck(path)
    path.write_text("# a note from another window\n" + path.read_text(encoding="utf-8"), encoding="utf-8")

    with pytest.raises(DeckChanged):
        edit_card(deck, "contradictory-aims", answer="mine", loaded=stamp)
    edit_card(deck, "contradictory-aims", answer="mine")
    text = path.read_text(encoding="utf-8")
    assert (
        text.startswith("# a note from another window\n")
        and load_deck(path).card("contradictory-aims").answer == "mine"
    )


def test_an_edit_that_changes_nothing_writes_nothing_and_says_so(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    deck = load_deck(path)
    os.utime(path, ns=(1, 1))
    card = deck.card("comintern-1919")

    saved = edit_card(deck, card.id, question=card.question + "  ", answer=card.answer + "\n")

    assert path.stat().st_mtime_ns == 1 and not saved.answer_changed and saved.card_id == card.id
    assert edit_card(deck, card.id, answer="Other").answer_changed
    assert not edit_card(load_deck(path), card.id, topic="Outcomes of the war").answer_changed


def test_writes_leave_no_temporary_file_and_keep_the_files_permissions(tmp_path):
    path = copy_of(FIXTURES / "source-notes.txt", tmp_path)
    os.chmod(path, 0o640)
    deck = load_deck(path)
    edit_card(deck, deck.cards[0].id, answer="new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source-notes.txt"]
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_deck_file_that_vanished_is_a_clear_error(tmp_path):
    path = copy_of(FIXTURES / "source-notes.txt", tmp_path)
    deck = load_deck(path)
    path.unlink()
    with pytest.raises(EditError, match="cannot be read"):
        edit_card(deck, deck.cards[0].id, answer="new")


def test_a_question_of_control_characters_only_is_refused_and_the_file_kept(tmp_path):
    path = write_deck(
        tmp_path, 'title = "T"\n\n[[cards]]\nid = "a"\ntopic = "X"\nquestion = "Q"\nanswer = "A"\n', "d.toml"
    )
    before = path.read_bytes()
    with pytest.raises(EditError):
        edit_card(load_deck(path), "a", question="\x1b\x07")
    assert path.read_bytes() == before


# -- match-the-date events follow the answer -------------------------------------------


def test_an_edited_year_moves_the_cards_match_the_date_event(tmp_path):
    path = copy_of(shipped_deck_path(), tmp_path)
    deck = load_deck(path)
    card = deck.card("britain-recognition-1924")
    assert [e.date for e in deck.events if e.card_id == card.id] == ["1924"]
    saved = edit_card(deck, card.id, answer=card.answer.replace("1924", "1925"))
    assert [e.date for e in saved.deck.events if e.card_id == card.id] == ["1925"]
    assert [e.date for e in load_deck(path).events if e.card_id == card.id] == ["1925"]


@pytest.mark.parametrize(
    ("date", "old", "new", "moved"),
    [
        ("1924", "In 1924", "In 1925", "1925"),
        ("1939-40", "War of 1939-40", "War of 1939-41", "1939-41"),
        ("1924", "In 1924", "In 1924, then 1930", None),  # still gives the event's date
        ("1924", "In 1924", "In 1925 or 1926", None),  # which one? the student's own event stays
        ("1939-40", "War of 1939-40", "Began 1939", None),  # a range is not a year
        ("1924", "Labour government", "In 1925", None),  # the answer never gave the date
    ],
)
def test_the_event_follows_the_answer_only_when_the_date_plainly_moved(date, old, new, moved):
    assert event_date_after_edit(date, old, new) == moved


def test_an_edit_longer_than_a_card_may_hold_is_refused_and_the_file_kept(tmp_path):
    from tui.core.formats.field_limit import MAX_FIELD_CHARS

    path = copy_of(shipped_deck_path(), tmp_path)
    before = path.read_bytes()
    deck = load_deck(path)
    with pytest.raises(EditError) as refused:
        edit_card(deck, deck.cards[0].id, answer="word " * (MAX_FIELD_CHARS // 4))
    assert "characters long" in str(refused.value) and "shorten it" in str(refused.value)
    assert path.read_bytes() == before
    edit_card(deck, deck.cards[0].id, answer="x" * MAX_FIELD_CHARS)  # exactly the limit is kept
    assert load_deck(path).card(deck.cards[0].id).answer == "x" * MAX_FIELD_CHARS
