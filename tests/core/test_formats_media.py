"""Pictures and sounds in Anki fields: shown on the card as `[image: x.jpg]` and `[audio]`, never a
mark point or a word to type (the trial: typing "Kursk" gave "1 of 2 marks … ✗ missing
[image: kursk.jpg] [audio]")."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.anki_packages import CLOZE, Note, write_package
from tui.core.formats import load_deck
from tui.core.marking import mark_answer

MEDIA_EXTRA = '<img src="kursk.jpg"> [sound:x.mp3]'
CLOZE_TEXT = "The largest tank battle was {{c1::Kursk}} in 1943"


def package(folder: Path, notes: list[Note]) -> Path:
    return write_package(folder / "deck.apkg", notes)


def text_export(folder: Path, rows: list[str]) -> Path:
    path = folder / "export.txt"
    path.write_text("#separator:tab\n#html:true\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def checklist(deck, card, typed: str) -> tuple[str, int, int, list[str]]:
    marking = mark_answer(card, typed, deck)
    return marking.verdict, marking.marks_awarded, marking.marks_available, [p.text for p in marking.points]


@pytest.fixture(params=["apkg", "text export"])
def kursk_deck(request, tmp_path):
    if request.param == "apkg":
        return load_deck(package(tmp_path, [Note([CLOZE_TEXT, MEDIA_EXTRA], CLOZE, guid="g1")]), cached=False)
    return load_deck(text_export(tmp_path, [f"{CLOZE_TEXT}\t{MEDIA_EXTRA}"]), cached=False)


def test_a_cloze_whose_extra_is_only_media_has_one_point_and_shows_the_media(kursk_deck):
    (card,) = kursk_deck.cards
    assert card.question == "The largest tank battle was [...] in 1943"
    assert card.answer == "Kursk\n[image: kursk.jpg] [audio]"  # shown on the card as media
    assert checklist(kursk_deck, card, "Kursk") == ("right", 1, 1, ["Kursk"])


def test_media_inside_an_answer_line_is_no_word_to_type(tmp_path):
    path = package(
        tmp_path, [Note(["Which battle?", 'Battle of Kursk <img src="map.png">, July 1943'], guid="g1")]
    )
    deck = load_deck(path, cached=False)
    (card,) = deck.cards
    assert card.answer == "Battle of Kursk [image: map.png] , July 1943"
    verdict, awarded, available, points = checklist(deck, card, "the Battle of Kursk in July 1943")
    assert (verdict, awarded, available) == ("right", available, available)
    assert not any("image" in point or "map.png" in point for point in points)


@pytest.mark.parametrize("extra", ["", "<div><br></div>", "&nbsp;", '<img src="a.png">', "[sound:a.mp3]"])
def test_an_extra_field_with_no_words_adds_no_point(tmp_path, extra):
    deck = load_deck(package(tmp_path, [Note([CLOZE_TEXT, extra], CLOZE, guid="g1")]), cached=False)
    (card,) = deck.cards
    assert checklist(deck, card, "Kursk") == ("right", 1, 1, ["Kursk"])


def test_an_answer_without_media_keeps_the_markers_own_points(tmp_path):
    deck = load_deck(text_export(tmp_path, ["Rapallo?\tA treaty<br>with Germany"]), cached=False)
    assert deck.cards[0].points == ()


def test_an_exported_copy_keeps_the_points_without_media(tmp_path):
    from tui.core.editing import native_text
    from tui.core.formats import parse

    deck = load_deck(package(tmp_path, [Note([CLOZE_TEXT, MEDIA_EXTRA], CLOZE, guid="g1")]), cached=False)
    copy = parse(native_text(deck), tmp_path / "copy.toml", "native")
    assert copy.cards == deck.cards
    assert checklist(copy, copy.cards[0], "Kursk") == ("right", 1, 1, ["Kursk"])


WORDS = st.sampled_from(["Kursk", "tank battle", "1943", "Germany lost", "Operation Citadel"])
MEDIA = st.sampled_from(['<img src="k.jpg">', "[sound:s.mp3]", '<img src="a b.png"/>'])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(WORDS, MEDIA), min_size=1, max_size=6).filter(lambda parts: "Kursk" in parts))
def test_no_mark_point_ever_names_a_picture_or_a_sound(tmp_path_factory, parts):
    folder = tmp_path_factory.mktemp("media")
    deck = load_deck(package(folder, [Note(["Which battle?", "<br>".join(parts)], guid="g1")]), cached=False)
    (card,) = deck.cards
    _, _, _, points = checklist(deck, card, "anything")
    assert points and not any("[image:" in point or "[audio]" in point for point in points)
    if any(part.startswith(("<img", "[sound")) for part in parts):
        assert "[image:" in card.answer or "[audio]" in card.answer  # still shown


@pytest.mark.parametrize("kind", ["apkg", "text export"])
def test_a_match_the_date_label_leaves_pictures_and_sounds_out(tmp_path, kind):
    question = 'When was Rapallo? <img src="map.jpg"> [sound:r.mp3]'
    answer = '1922 <img src="1919map.jpg">'  # a year in a file name is not the card's date
    if kind == "apkg":
        deck = load_deck(package(tmp_path, [Note([question, answer], guid="g1")]), cached=False)
    else:
        deck = load_deck(text_export(tmp_path, [f"{question}\t{answer}"]), cached=False)
    assert "[image: map.jpg]" in deck.cards[0].question  # the card still shows the picture
    [event] = deck.events
    assert (event.label, event.date) == ("When was Rapallo?", "1922")


def test_a_question_led_by_a_picture_still_makes_an_event(tmp_path):
    path = text_export(tmp_path, ['<img src="map.jpg"> When was Rapallo signed?\tIn 1922'])
    [event] = load_deck(path, cached=False).events
    assert (event.label, event.date) == ("When was Rapallo signed?", "1922")
