"""Anki packages (.apkg, .colpkg) in every schema, built here with sqlite3 and zipfile."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from tests.anki_packages import CLOZE, REVERSED, TYPE_IN, Note, collection_bytes, write_package
from tui.core.deck import DeckError
from tui.core.formats import apkg, load_deck

NOTES = [
    Note(
        ["What was <b>Rapallo</b>?", "A treaty<br>with Germany"],
        deck="History::Soviet::Early",
        tags=["treaty"],
    ),
    Note(["Molotov", "Soviet foreign minister"], REVERSED, deck="History::Soviet::War"),
    Note(["Capital of the USSR?", "Moscow"], TYPE_IN, deck="History::Soviet::War"),
    Note(
        ["The {{c1::Treaty of Rapallo::treaty}} was signed in {{c2::1922}}", "Genoa"],
        CLOZE,
        deck="History::Soviet::Early",
    ),
    Note(['<img src="pact.jpg">', "The pact"], deck="History::Soviet::War"),
]
EXPECTED = [
    ("g00000", "Early", "What was Rapallo?", "A treaty\nwith Germany"),
    ("g00001", "War", "Molotov", "Soviet foreign minister"),
    ("g00001:2", "War", "Soviet foreign minister", "Molotov"),
    ("g00002", "War", "Capital of the USSR?", "Moscow"),
    ("g00003", "Early", "The [treaty] was signed in 1922", "Treaty of Rapallo\nGenoa"),
    ("g00003:2", "Early", "The Treaty of Rapallo was signed in [...]", "1922\nGenoa"),
]
MEMBERS = ["collection.anki2", "collection.anki21", "collection.anki21b"]


def cards_of(deck) -> list[tuple[str, str, str, str]]:
    return [(card.id, card.topic, card.question, card.answer) for card in deck.cards]


@pytest.mark.parametrize("member", MEMBERS)
def test_every_schema_gives_the_same_cards_topics_tags_and_skips(tmp_path, member):
    deck = load_deck(write_package(tmp_path / "history.apkg", NOTES, member))
    assert deck.format == "apkg"
    assert cards_of(deck) == EXPECTED
    assert deck.title == "History / Soviet"
    assert [(topic.name, len(topic.card_ids)) for topic in deck.topics] == [("Early", 3), ("War", 3)]
    assert deck.card("g00000").tags == ("treaty",)
    assert [(record.line, record.reason.split(" — ")[0]) for record in deck.skipped] == [
        (None, "note g00004, card 1: its question is only a picture or a sound, which a terminal cannot show")
    ]


def test_anki21b_is_preferred_and_the_dummy_is_never_imported(tmp_path):
    deck = load_deck(write_package(tmp_path / "new.apkg", NOTES, "collection.anki21b"))
    assert all("update" not in card.question.lower() for card in deck.cards) and len(deck.cards) == 6


def test_a_package_with_only_the_dummy_is_refused_with_advice(tmp_path):
    path = tmp_path / "dummy.apkg"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "collection.anki2", collection_bytes([Note([apkg._DUMMY_MARK.capitalize() + " version", ""])])
        )
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert "only Anki's 'please update' note" in str(caught.value)
    assert "Support older Anki versions" in str(caught.value)


def test_colpkg_and_a_bare_collection_file_load(tmp_path):
    assert (
        cards_of(load_deck(write_package(tmp_path / "all.colpkg", NOTES, "collection.anki21b"))) == EXPECTED
    )
    bare = tmp_path / "collection.anki2"
    bare.write_bytes(collection_bytes(NOTES))
    assert cards_of(load_deck(bare)) == EXPECTED


def test_a_renamed_package_keeps_its_deck_and_card_ids(tmp_path):
    first = load_deck(write_package(tmp_path / "history.apkg", NOTES))
    renamed = load_deck(write_package(tmp_path / "Copy of notes (2).apkg", NOTES))
    other = load_deck(write_package(tmp_path / "x.apkg", NOTES[:2]))
    assert renamed.id == first.id != other.id
    assert [card.id for card in renamed.cards] == [card.id for card in first.cards]


def test_a_package_is_detected_by_its_content_whatever_its_name(tmp_path):
    path = write_package(tmp_path / "history.zip", NOTES)
    assert len(load_deck(path).cards) == 6
    assert len(load_deck(path, "anki").cards) == 6


def test_only_the_collection_is_read_and_its_size_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(apkg, "MAX_COLLECTION_BYTES", 10_000)
    with pytest.raises(DeckError) as caught:
        load_deck(write_package(tmp_path / "big.apkg", NOTES * 20, "collection.anki21b"))
    assert "big.apkg: holds a collection over" in str(caught.value) and "which Revise refuses" in str(
        caught.value
    )


def test_a_zstd_bomb_stops_at_the_cap(tmp_path, monkeypatch):
    import zstandard

    monkeypatch.setattr(apkg, "MAX_COLLECTION_BYTES", 1_000_000)
    path = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("collection.anki21b", zstandard.ZstdCompressor().compress(b"\0" * 5_000_000))
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert "which Revise refuses" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04 not really a zip", "is not a readable Anki package"),
        (None, "holds no Anki collection"),
        (b"not sqlite at all", "is not an SQLite database"),
        (b"SQLite format 3\x00" + b"\xff" * 200, "damaged"),
    ],
)
def test_damaged_packages_are_refused_cleanly(tmp_path, content, expected):
    path = tmp_path / "bad.apkg"
    if content is None or not content.startswith(b"PK"):
        with zipfile.ZipFile(path, "w") as package:
            package.writestr("media" if content is None else "collection.anki21", content or b"{}")
    else:
        path.write_bytes(content)
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_a_database_that_is_not_a_collection_is_refused(tmp_path):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE notes (x)")
    path = tmp_path / "odd.apkg"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("collection.anki21", db.serialize())
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert "is not an Anki collection" in str(caught.value)


def test_the_package_file_is_left_untouched(tmp_path):
    path = write_package(tmp_path / "history.apkg", NOTES)
    before = path.read_bytes()
    load_deck(path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["history.apkg"]


def test_hostile_text_in_a_package_is_display_safe(tmp_path):
    notes = [Note(["\x1b]0;PWNED\x07Rapallo<script>x</script>", "A \x1b[2Jtreaty"], deck="Hist\x1b[31mory")]
    deck = load_deck(write_package(tmp_path / "evil.apkg", notes))
    assert cards_of(deck) == [("g00000", "History", "Rapallo", "A treaty")]


import io  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tui.core.deck import Deck  # noqa: E402

# Columns a hostile or damaged package could hold anything in (SQLite columns are untyped).
COLUMNS = {
    11: [
        ("notes", "guid"),
        ("notes", "mid"),
        ("notes", "tags"),
        ("notes", "flds"),
        ("cards", "nid"),
        ("cards", "did"),
        ("cards", "ord"),
        ("revlog", "ease"),
        ("col", "models"),
        ("col", "decks"),
    ],
    18: [
        ("notes", "flds"),
        ("cards", "ord"),
        ("notetypes", "config"),
        ("notetypes", "name"),
        ("fields", "name"),
        ("fields", "ord"),
        ("templates", "config"),
        ("templates", "ord"),
        ("decks", "name"),
        ("decks", "id"),
    ],
}
values = (
    st.none()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.binary(max_size=40)
    | st.sampled_from(
        ['{"1": {"name": 5, "flds": "x", "tmpls": [{"ord": "a"}]}}', "{{c1::", "\x1b]0;x\x07", "²"]
    )
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
BASE = {
    schema: collection_bytes(NOTES, schema=schema, reviews=[(0, 0, 3, 4000, 1_700_000_000_000)])
    for schema in (11, 18)
}


def package_of(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("collection.anki21", data)
    return out.getvalue()


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 100)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    schema=st.sampled_from([11, 18]),
    edits=st.lists(st.tuples(st.integers(min_value=0, max_value=9), values), min_size=1, max_size=4),
    cut=st.none() | st.integers(min_value=0, max_value=20_000),
)
def test_damaged_collections_give_a_deck_or_a_deck_error_only(tmp_path, schema, edits, cut):
    db = sqlite3.connect(":memory:")
    db.deserialize(BASE[schema])
    for index, value in edits:
        table, column = COLUMNS[schema][index]
        try:
            db.execute(
                f"UPDATE {table} SET {column} = ? WHERE rowid IN (SELECT rowid FROM {table} LIMIT 2)",
                (value,),
            )
        except sqlite3.IntegrityError:  # NOT NULL or a duplicate key: this edit cannot be made
            continue
    data = db.serialize()
    if cut is not None:
        data = data[:cut]
    path = tmp_path / "fuzz.apkg"
    path.write_bytes(package_of(data))
    try:
        deck = load_deck(path)
    except DeckError as error:
        assert str(error).startswith(str(path)) and "\n" not in str(error)
        return
    assert isinstance(deck, Deck) and deck.cards
    try:
        history = apkg.review_history(path)
    except DeckError:
        history = []
    for review in history:  # what a store would be given: sane values whatever the file held
        assert review.card_id and 0 <= review.seconds <= 3600 and review.answered_at.tzinfo is not None
    for card in deck.cards:
        for text in (card.id, card.topic, card.question, card.answer, *card.tags):
            assert not CONTROL.search(text.replace("\n", "").replace("\t", "")), repr(text)


@pytest.mark.parametrize("member", ["collection.anki21", "collection.anki21b"])
def test_the_review_log_is_read_under_the_deck_card_ids(tmp_path, member):
    from datetime import UTC, datetime

    reviews = [
        (1, 1, 1, 8_000, 1_700_000_000_000),  # the reverse of "Molotov": Again (wrong), 8 s
        (0, 0, 3, 4_500, 1_700_000_100_000),  # Rapallo: Good
        (0, 0, 0, 0, 1_700_000_200_000),  # a manual reschedule: not an answer
        (3, 1, 4, 9_000_000, 1_700_000_300_000),  # cloze 2: Easy, after a card left open for hours
    ]
    path = write_package(tmp_path / "history.apkg", NOTES, member, reviews=reviews)
    deck = load_deck(path)
    history = apkg.review_history(path)
    assert [(r.card_id, r.correct, r.seconds) for r in history] == [
        ("g00001:2", False, 8.0),
        ("g00000", True, 4.5),
        ("g00003:2", True, 3600.0),
    ]
    assert history[0].answered_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert all(deck.has_card(review.card_id) for review in history)
    assert apkg.review_history(write_package(tmp_path / "none.apkg", NOTES)) == []
