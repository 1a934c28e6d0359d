"""Mark schemes in deck files (`points`, `need`, `accept`) and `revise check --answers`."""

from __future__ import annotations

import json
import textwrap

import pytest

from tui.cli import main
from tui.core.deck import Card
from tui.core.formats import load_deck
from tui.core.marking import mark_answer

DECK = '''
    title = "Small deck"

    [[cards]]
    id = "motives"
    topic = "War"
    question = "Why did Hitler invade the USSR 1941?"
    answer = """
    - No real Western Front
    - Hated Bolshevism
    - Lebensraum
    """
    points = ["no real Western Front", "hated Bolshevism / hated communism", "Lebensraum (living space)"]
    need = 2
    accept = ["to destroy communism and take land"]

    [[cards]]
    id = "purges"
    topic = "War"
    question = "Why was the army ill-prepared?"
    answer = "The purges of army officers"
'''


def write(tmp_path, text: str, name: str = "deck.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_points_need_and_accept_are_read(tmp_path):
    deck = load_deck(write(tmp_path, DECK))
    motives = deck.card("motives")
    assert motives.points == (
        "no real Western Front",
        "hated Bolshevism / hated communism",
        "Lebensraum (living space)",
    )
    assert motives.need == 2 and motives.accept == ("to destroy communism and take land",)
    assert deck.card("purges").points == () and deck.card("purges").need is None
    assert mark_answer(motives, "Lebensraum and hatred of communism", deck).verdict == "right"
    assert mark_answer(motives, "To destroy communism and take land!", deck).verdict == "right"


def test_a_card_without_a_scheme_still_builds():
    card = Card(id="c", topic="t", question="q?", answer="a")
    assert (card.points, card.need, card.accept) == ((), None, ())


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("need = 2", "need = 4", "`need` is 4 but the card has only 3 points"),
        ("need = 2", "need = 0", "`need` must be a whole number of points, 1 or more"),
        ("need = 2", 'need = "two"', "`need` must be a whole number of points, 1 or more"),
        (
            'accept = ["to destroy communism and take land"]',
            'accept = "one"',
            "`accept` must be a list of texts",
        ),
        (
            'accept = ["to destroy communism and take land"]',
            'accept = [""]',
            "every entry of `accept` must be",
        ),
        ('points = ["no real Western Front", ', "points = []\nx = [", "`points` must be a list of texts"),
    ],
)
def test_a_bad_scheme_names_the_card_and_its_line(tmp_path, replace, by, message):
    assert replace in DECK
    path = write(tmp_path, DECK.replace(replace, by))
    deck = load_deck(path)  # the card is left out and listed; the deck's other cards load
    assert "motives" not in [card.id for card in deck.cards]
    [skipped] = deck.skipped
    assert f"{skipped.path}:{skipped.line}: {skipped.reason}".startswith(
        f"{path}:3: card 'motives': {message}"
    )


def answers_file(tmp_path, rows):
    path = tmp_path / "answers.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


ROWS = [
    {"card_id": "motives", "typed": "Lebensraum and he hated Bolshevism", "label": "RIGHT"},
    {"card_id": "motives", "typed": "Lebensraum", "label": "PARTIAL"},
    {"card_id": "motives", "typed": "idk", "label": "WRONG"},
    {"card_id": "purges", "typed": "the purges of army officers", "label": "RIGHT"},
]


def test_check_answers_json(tmp_path, capsys):
    deck = write(tmp_path, DECK)
    assert main(["check", str(deck), "--answers", str(answers_file(tmp_path, ROWS)), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[1] == {
        "card_id": "motives",
        "typed": "Lebensraum",
        "label": "PARTIAL",
        "verdict": "partial",
        "coverage": 0.5,
    }
    assert [line["verdict"] for line in lines[:4]] == ["right", "partial", "wrong", "right"]
    summary = lines[4]["summary"]
    assert summary["answers"] == 4 and summary["agreement"] == 1.0
    assert summary["false_rights"] == 0 and summary["false_wrongs"] == 0
    assert summary["by_label"]["RIGHT"] == {"right": 2}


def test_check_answers_table(tmp_path, capsys):
    deck = write(tmp_path, DECK)
    assert main(["check", str(deck), "--answers", str(answers_file(tmp_path, ROWS))]) == 0
    out = capsys.readouterr().out
    assert "RIGHT            2        0        0        0" in out
    assert "4 answers · agreement 100% · decided 75% · false rights 0 · false wrongs 0" in out


def test_check_answers_refuses_a_bad_line_with_its_number(tmp_path, capsys):
    deck = write(tmp_path, DECK)
    path = answers_file(tmp_path, [*ROWS[:2], {"card_id": "nope", "typed": "x", "label": "RIGHT"}])
    assert main(["check", str(deck), "--answers", str(path)]) == 2  # bad input, as a bad deck
    assert (
        capsys.readouterr().err == f"revise: {path}:3: card 'nope' is not in the deck — check the card id\n"
    )
    path.write_text('{"card_id": "motives", "typed": "x", "label": "MAYBE"}\n', encoding="utf-8")
    assert main(["check", str(deck), "--answers", str(path)]) == 2
    assert ":1: label 'MAYBE' is not RIGHT, WRONG or PARTIAL" in capsys.readouterr().err
