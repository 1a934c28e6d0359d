"""The native TOML deck: what loads, and the errors a person gets for mistakes."""

from __future__ import annotations

import textwrap

import pytest

from tui.core.deck import DeckError
from tui.core.formats import load_deck


def write(tmp_path, text: str, name: str = "deck.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


GOOD = '''
    title = "Small deck"
    id = "small"
    topics = ["Later", "Earlier"]

    [[cards]]
    id = "rapallo-1922"
    topic = "Earlier"
    question = "What was the Treaty of Rapallo 1922?"
    answer = """
    Secret agreements with Germany
    = gain access to German technology
    """
    event = { date = "1922", label = "Treaty of Rapallo 1922 signed with Germany" }

    [[cards]]
    id = "leningrad"
    topic = "Later"
    question = "Why was the siege of Leningrad a victory?"
    answer = "Boosted morale"
    event = { date = "1941-44", label = "Siege of Leningrad" }

    [[cards]]
    id = "purges"
    topic = "Later"
    question = "Why was the army ill-prepared?"
    answer = "The purges"
'''


def test_native_deck_loads_cards_topics_and_events(tmp_path):
    deck = load_deck(write(tmp_path, GOOD))
    assert (deck.id, deck.title, deck.format) == ("small", "Small deck", "native")
    assert [t.name for t in deck.topics] == ["Later", "Earlier"]
    assert deck.topic("Later").card_ids == ("leningrad", "purges")
    assert (
        deck.card("rapallo-1922").answer
        == "Secret agreements with Germany\n= gain access to German technology"
    )
    assert [(e.date, e.sort_key, e.card_id) for e in deck.events] == [
        ("1922", 1922, "rapallo-1922"),
        ("1941-44", 1941, "leningrad"),
    ]


def test_native_event_label_never_shows_its_own_year(tmp_path):
    deck = load_deck(write(tmp_path, GOOD))
    assert deck.events[0].label == "Treaty of Rapallo ____ signed with Germany"


def test_native_topics_default_to_order_of_first_appearance(tmp_path):
    text = GOOD.replace('topics = ["Later", "Earlier"]', "")
    deck = load_deck(write(tmp_path, text))
    assert [t.name for t in deck.topics] == ["Earlier", "Later"]


def test_native_title_defaults_to_the_file_name_and_id_to_the_title_or_the_cards(tmp_path):
    text = GOOD.replace('title = "Small deck"', "").replace('id = "small"', "", 1)
    deck = load_deck(write(tmp_path, text, "my_history-deck.toml"))
    assert deck.title == "My history deck"
    renamed = load_deck(write(tmp_path, text, "notes.toml"))
    assert deck.id == renamed.id and deck.id.startswith("deck-")  # the cards, not the file name
    titled = load_deck(write(tmp_path, GOOD.replace('id = "small"', "", 1), "x.toml"))
    assert titled.id == "small-deck"


def error_for(tmp_path, text: str) -> str:
    with pytest.raises(DeckError) as caught:
        load_deck(write(tmp_path, text))
    return str(caught.value)


def skipped_for(tmp_path, text: str) -> str:
    """The one card left out of a deck whose other cards load: `path:line: reason`."""
    deck = load_deck(write(tmp_path, text))
    whole = load_deck(write(tmp_path, GOOD, name="whole.toml"))
    assert len(deck.cards) == len(whole.cards) - 1  # the other cards are kept
    [skipped] = deck.skipped
    return f"{skipped.path}:{skipped.line}: {skipped.reason}"


def test_missing_answer_names_the_line_of_the_card(tmp_path):
    text = GOOD.replace('answer = "The purges"\n', "")
    assert skipped_for(tmp_path, text).startswith(f"{tmp_path / 'deck.toml'}:22: card 3 has no `answer`")


def test_a_deck_whose_every_card_is_bad_is_refused_with_the_first_cards_error(tmp_path):
    text = GOOD.replace("answer = ", "reply = ")
    assert error_for(tmp_path, text).startswith(f"{tmp_path / 'deck.toml'}:")
    assert "has no `answer`" in error_for(tmp_path, text)


def test_empty_answer_is_refused(tmp_path):
    message = skipped_for(tmp_path, GOOD.replace('"The purges"', '"  "'))
    assert ":22: card 'purges' has an empty answer" in message


def test_duplicate_ids_name_both_lines(tmp_path):
    message = skipped_for(tmp_path, GOOD.replace('id = "purges"', 'id = "leningrad"'))
    assert ":22: card id 'leningrad' is used twice (first at line 15)" in message
    assert "give every card its own id" in message


def test_topic_not_in_the_topics_list_is_a_spelling_mistake(tmp_path):
    message = skipped_for(
        tmp_path,
        GOOD.replace(
            'topic = "Later"\n    question = "Why was the army',
            'topic = "Latre"\n    question = "Why was the army',
        ),
    )
    assert ":22: card 'purges' has topic 'Latre', which is not in `topics`" in message


def test_invalid_toml_gives_line_and_column(tmp_path):
    message = error_for(tmp_path, GOOD.replace('id = "small"', "id = small"))
    assert message.startswith(f"{tmp_path / 'deck.toml'}:2:6: is not valid TOML")


def test_event_without_a_year_is_refused(tmp_path):
    message = skipped_for(tmp_path, GOOD.replace('date = "1922"', 'date = "early twenties"'))
    assert ":5: card 'rapallo-1922': event date 'early twenties' has no four-digit year" in message


def test_wrong_types_are_reported_not_crashed_on(tmp_path):
    assert "`question` must be text" in skipped_for(
        tmp_path, GOOD.replace('question = "Why was the army ill-prepared?"', "question = 3")
    )
    assert "`cards` must be a list" in error_for(tmp_path, 'title = "x"\ncards = 3\n')
    assert "has no cards" in error_for(tmp_path, 'title = "x"\ncards = []\n')
    assert "has no cards" in error_for(tmp_path, 'title = "x"\n')
    assert "`title` must be non-empty text" in error_for(
        tmp_path, GOOD.replace('title = "Small deck"', "title = 1")
    )
    assert "`event` must be a table" in skipped_for(
        tmp_path, GOOD.replace('answer = "The purges"', 'answer = "x"\nevent = "1937"')
    )
