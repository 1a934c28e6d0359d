"""The parsed-deck cache: a second start reads the parse kept from the first; a stale,
damaged or tampered cache is ignored and rebuilt, never trusted."""

from __future__ import annotations

import os

import orjson
import pytest

from tests.deck_cache_files import join_entry, read_entry, split_entry, write_entry
from tui.core import formats
from tui.core.formats import cache, load_deck

DECK = """title = "Cached deck"
id = "cached"

[[cards]]
id = "rapallo"
topic = "Early diplomacy"
question = "What was the Treaty of Rapallo?"
answer = "Germany and the USSR agreed to trade"
event = { date = "1922", label = "Treaty of Rapallo signed" }

[[cards]]
id = "pact"
topic = "Road to war"
question = "What was the Nazi-Soviet Pact?"
answer = "A promise not to attack each other"
"""


@pytest.fixture
def deck_file(tmp_path, monkeypatch):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "deck.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def shape(deck):
    return (
        deck.id,
        deck.title,
        deck.format,
        deck.topics,
        deck.cards,
        deck.events,
        deck.skipped,
        deck.warnings,
        deck.source,
    )


def no_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(formats, "load", refuse)


def cache_files(tmp_path):
    return list((tmp_path / "cache").glob("*.json"))


def test_the_second_load_is_the_first_parse_without_parsing(deck_file, monkeypatch):
    first = load_deck(deck_file)
    no_parsing(monkeypatch)
    second = load_deck(deck_file)
    assert shape(second) == shape(first)
    assert second.card("rapallo").question == "What was the Treaty of Rapallo?"
    assert second.events[0].label == first.events[0].label


def test_an_edited_deck_is_parsed_again(deck_file):
    load_deck(deck_file)
    deck_file.write_text(DECK.replace("Cached deck", "Edited deck"), encoding="utf-8")
    os.utime(deck_file, ns=(1, 1))  # even with an old mtime: the size changed
    assert load_deck(deck_file).title == "Edited deck"


def test_the_format_asked_for_is_part_of_the_key(deck_file, tmp_path):
    load_deck(deck_file)
    load_deck(deck_file, "native")
    assert len(cache_files(tmp_path)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00garbage",
        b"{}",
        b"[1, 2, 3]",
        b'{"key": null, "deck": {}}',
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(deck_file, tmp_path, damage):
    fresh = load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    entry.write_bytes(damage)
    assert shape(load_deck(deck_file)) == shape(fresh)
    assert read_entry(entry)["deck"]["title"] == "Cached deck"  # written again, whole


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["cards"][0].__setitem__("question", 42),  # a question that is not text
        lambda d: d["cards"][0].pop("answer"),  # a card without its answer
        lambda d: d["cards"][0].__setitem__("need", "2"),  # marks needed that are not a number
        lambda d: d["cards"][0].__setitem__("need", True),  # ... nor a yes/no
        lambda d: d["cards"][0].__setitem__("points", ["one", 2]),  # a mark point that is not text
        lambda d: d["cards"][0].__setitem__("tags", "history"),  # tags that are not a list
        lambda d: d["topics"][0]["card_ids"].append("no-such-card"),  # a topic naming a missing card
        lambda d: d["events"][0].__setitem__("card_id", "no-such-card"),  # an event of a missing card
        lambda d: d["events"][0].__setitem__("sort_key", "1922"),  # a sort key that is not a number
        lambda d: d.__setitem__("cards", []),  # no cards
        lambda d: d.__setitem__("cards", {}),  # cards that are not a list
        lambda d: d.pop("title"),  # no title
        lambda d: d.__setitem__("cards", [list(c.values()) for c in d["cards"]]),  # format 1's rows
        lambda d: d["card_ids"].reverse(),  # the outline's cards in another order than the cards
        lambda d: d["card_ids"].pop(),  # ... or fewer
        lambda d: d.__setitem__("event_count", 2),  # events the outline counts and the file lacks
        lambda d: d.__setitem__("card_ids", []),  # an outline of no cards
    ],
)
def test_a_cache_of_the_wrong_shape_falls_back_to_parsing(deck_file, tmp_path, tamper):
    fresh = load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    data = read_entry(entry)
    tamper(data["deck"])
    write_entry(entry, data)
    assert shape(load_deck(deck_file)) == shape(fresh)
    assert read_entry(entry)["deck"] == orjson.loads(orjson.dumps(cache_shape(fresh)))


def cache_shape(deck):
    """The deck as this version's cache entry holds it (what a rebuilt entry must say)."""
    from msgspec.structs import asdict

    return {
        "id": deck.id,
        "title": deck.title,
        "format": deck.format,
        "topics": [asdict(t) for t in deck.topics],
        "card_ids": [card.id for card in deck.cards],
        "event_count": len(deck.events),
        "cards": [
            {
                k: v
                for k, v in asdict(c).items()
                if k in ("id", "topic", "question", "answer") or v not in ((), None)
            }
            for c in deck.cards
        ],
        "events": [asdict(e) for e in deck.events],
        "skipped": [asdict(s) for s in deck.skipped],
        "warnings": [asdict(s) for s in deck.warnings],
    }


@pytest.mark.parametrize(
    ("row", "field", "text"),
    [
        ("cards", "question", "What \x1b[2Jwas\x07 it?"),
        ("cards", "answer", "What \x1b[2Jwas\x07 it?"),
        ("cards", "topic", "What \x1b[2Jwas\x07 it?"),
        ("cards", "topic", "Two\nlines"),  # a topic is one line
        ("cards", "points", ["fine", "\x1b]52;c;bad\x07"]),
        ("cards", "accept", ["\x9b2J"]),
        ("cards", "tags", ["\x00"]),
        ("events", "label", "What \x1b[2Jwas\x07 it?"),
        ("events", "label", "Tab\tinside"),
        ("topics", "name", "What \x1b[2Jwas\x07 it?"),
    ],
)
def test_escape_sequences_put_into_the_cache_never_reach_the_screen(deck_file, tmp_path, row, field, text):
    fresh = load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    data = read_entry(entry)
    data["deck"][row][0][field] = text
    write_entry(entry, data)
    assert shape(load_deck(deck_file)) == shape(fresh)  # the entry is refused: parsed again


def test_a_title_with_an_escape_sequence_is_refused(deck_file, tmp_path):
    fresh = load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    data = read_entry(entry)
    data["deck"]["title"] = "\x1b]0;pwned\x07Deck"
    write_entry(entry, data)
    assert load_deck(deck_file).title == fresh.title == "Cached deck"


def test_texts_a_parse_keeps_come_back_from_the_cache(deck_file, monkeypatch):
    """Not every text that is not `isprintable` is refused: a no-break space or a newline is a deck's own."""
    deck_file.write_text(
        DECK.replace("A promise not to attack each other", "A\u00a0promise\\nnot to\\tattack each other")
    )
    fresh = load_deck(deck_file)
    no_parsing(monkeypatch)
    again = load_deck(deck_file)
    assert (
        again.card("pact").answer == fresh.card("pact").answer == "A\u00a0promise\nnot to\tattack each other"
    )


def test_multi_line_answers_come_back_from_the_cache(deck_file, monkeypatch):
    deck_file.write_text(
        DECK.replace('"Germany and the USSR agreed to trade"', '"""\nTrade\n= and more\n"""')
    )
    fresh = load_deck(deck_file)
    no_parsing(monkeypatch)
    assert load_deck(deck_file).card("rapallo").answer == fresh.card("rapallo").answer
    assert "\n" in fresh.card("rapallo").answer


def test_an_unwritable_cache_folder_still_loads(deck_file, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REVISE_CACHE_DIR", str(blocker / "cache"))
    assert load_deck(deck_file).title == "Cached deck"
    assert load_deck(deck_file).title == "Cached deck"


def test_a_new_loader_version_ignores_old_entries(deck_file, monkeypatch):
    load_deck(deck_file)
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 1)
    no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="parsed again"):
        load_deck(deck_file)


def test_garbage_collection_is_back_on_after_loading(deck_file):
    import gc

    assert gc.isenabled()
    load_deck(deck_file)
    assert gc.isenabled()
    with pytest.raises(formats.DeckError):
        load_deck(deck_file.parent / "missing.toml")
    assert gc.isenabled()


def test_a_deck_replaced_by_one_of_the_same_size_and_time_is_parsed_again(deck_file):
    load_deck(deck_file)
    stat = deck_file.stat()
    replacement = deck_file.with_name("saved-by-an-editor.toml")
    replacement.write_text(DECK.replace("Cached deck", "Edited deck"), encoding="utf-8")
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(replacement, deck_file)  # how editors save: a new file put in place
    assert deck_file.stat().st_size == stat.st_size and deck_file.stat().st_mtime_ns == stat.st_mtime_ns
    assert load_deck(deck_file).title == "Edited deck"


def test_mark_schemes_and_tags_come_back_from_the_cache(deck_file, tmp_path, monkeypatch):
    """Fields left at their default are left out of the entry; the others are all kept."""
    deck_file.write_text(
        DECK.replace(
            'answer = "A promise not to attack each other"',
            'answer = "A promise not to attack each other"\npoints = ["no attack", "secret protocol / Poland split"]'
            '\nneed = 1\naccept = ["Molotov-Ribbentrop"]\ntags = ["diplomacy", "1939"]',
        )
    )
    fresh = load_deck(deck_file)
    assert fresh.card("pact").need == 1 and fresh.card("pact").tags == ("diplomacy", "1939")
    no_parsing(monkeypatch)
    again = load_deck(deck_file)
    assert again.card("pact") == fresh.card("pact") and again.card("rapallo") == fresh.card("rapallo")
    (entry,) = cache_files(tmp_path)
    rows = {row["id"]: row for row in read_entry(entry)["deck"]["cards"]}
    assert set(rows["rapallo"]) == {"id", "topic", "question", "answer"}
    assert rows["pact"]["need"] == 1


# -- read later: the app's start draws home from the outline, the cards are read after --------


def counted_reads(monkeypatch):
    reads: list[int] = []
    rest_of = cache._rest_of

    def counting(data, crc, outline):
        reads.append(1)
        return rest_of(data, crc, outline)

    monkeypatch.setattr(cache, "_rest_of", counting)
    return reads


def test_a_deck_read_later_answers_from_its_outline_and_reads_its_cards_on_first_use(deck_file, monkeypatch):
    fresh = load_deck(deck_file)
    no_parsing(monkeypatch)
    reads = counted_reads(monkeypatch)
    outline = load_deck(deck_file, read_later=True)
    assert (outline.id, outline.title, outline.topics, outline.source) == (
        fresh.id,
        fresh.title,
        fresh.topics,
        fresh.source,
    )
    assert (outline.card_count(), outline.event_count()) == (2, 1)
    assert list(outline.ordered_card_ids()) == ["rapallo", "pact"]
    assert set(outline.card_ids()) == {"rapallo", "pact"} and outline.has_card("pact")
    assert reads == []  # home's first frame needs no more than that
    assert outline.card("pact") == fresh.card("pact")
    assert shape(outline) == shape(fresh) and outline.events_in(["Early diplomacy"]) == fresh.events
    assert reads == [1]  # once


def test_a_deck_under_another_id_is_still_read_later(deck_file, monkeypatch):
    fresh = load_deck(deck_file)
    reads = counted_reads(monkeypatch)
    outline = load_deck(deck_file, read_later=True)
    kept_apart = outline.with_id("cached-2")
    assert (kept_apart.id, outline.id, kept_apart.card_count(), reads) == ("cached-2", "cached", 2, [])
    assert kept_apart.cards == fresh.cards and reads == [1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda rest: b"\x00garbage",
        lambda rest: rest.replace(b"Germany and the USSR", b"Germany \x1b[2Jand the USSR"),
        lambda rest: rest.replace(b'"rapallo"', b'"other"', 1),
    ],
)
def test_cards_found_unsound_when_read_later_are_parsed_again_and_kept_whole(deck_file, tmp_path, damage):
    fresh = load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    outline, rest = split_entry(entry)
    join_entry(entry, outline, damage(rest))
    outline = load_deck(deck_file, read_later=True)
    assert outline.title == "Cached deck"  # the outline is sound: home draws from it
    assert shape(outline) == shape(fresh)  # the cards: parsed again, never the damaged ones
    assert read_entry(entry)["deck"] == orjson.loads(orjson.dumps(cache_shape(fresh)))


def test_a_deck_changed_as_it_opened_is_a_deck_error_when_its_cards_are_read(deck_file, tmp_path):
    load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    outline, _rest = split_entry(entry)
    join_entry(entry, outline, b"not json")
    outline = load_deck(deck_file, read_later=True)
    deck_file.write_text(DECK.replace('id = "pact"', 'id = "pact-edited"'), encoding="utf-8")
    with pytest.raises(formats.DeckError, match="changed as it was opened"):
        outline.read_all()
    with pytest.raises(formats.DeckError):
        outline.card("rapallo")


@pytest.mark.parametrize("read_later", [False, True])
@pytest.mark.parametrize("part", ["outline", "rest"])
def test_a_byte_changed_on_the_disk_is_caught_though_the_json_stays_valid(
    deck_file, tmp_path, part, read_later
):
    """Trial 10: "fact 4577" edited to "fact 9577" in an entry, its size and JSON intact, was shown as
    a card. Each line's CRC, as first written, catches it: the deck is parsed again, never that card."""
    fresh = load_deck(deck_file)
    (entry,) = cache_files(tmp_path)
    outline, rest = split_entry(entry)
    if part == "outline":
        changed = (outline.replace(b"Early diplomacy", b"Early diplomaci"), rest)
    else:
        changed = (outline, rest.replace(b"Treaty of Rapallo", b"Treaty of Rapalla"))
    assert changed != (outline, rest)
    join_entry(entry, *changed, crcs_of=(outline, rest))
    deck = load_deck(deck_file, read_later=read_later)
    assert shape(deck) == shape(fresh)
    assert "Rapalla" not in deck.card("rapallo").question + deck.events[0].label
