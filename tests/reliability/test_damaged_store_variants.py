"""Issue 13's damaged-store suite: every variant is usable, or refused with exit 1, unchanged, restorable.

Each variant damages a copy of one good data folder (`damage.good_folder`): truncations,
every field of every record given a wrong value, naive timestamps, bad and duplicate ids,
deep nesting, special files, links and obstacles. `damage.verdict` checks the variant;
where the outcome is certain (a naive timestamp must be refused, a link to a good file
must work) the test says which it must be.
"""

from __future__ import annotations

import copy
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.progress_files import deck_files, rewrite_deck_file, saved_tables
from tests.reliability.damage import copy_folder, good_folder, verdict, write_tables
from tui.core.progress.layout import encode_snapshot

Damage = Callable[[Path, dict], None]  # (data folder, the good file's tables) -> damage it
VARIANTS: dict[str, tuple[Damage, str | None]] = {}  # name -> (damage, "usable"/"refused"/None: either)


def variant(name: str, expect: str | None = None) -> Callable[[Damage], Damage]:
    def register(damage: Damage) -> Damage:
        VARIANTS[name] = (damage, expect)
        return damage

    return register


def edit(change: Callable[[dict], None]) -> Damage:
    def damage(folder: Path, tables: dict) -> None:
        tables = copy.deepcopy(tables)
        change(tables)
        write_tables(folder, tables)

    return damage


def first(tables: dict, table: str) -> dict:
    return tables[table][min(tables[table], key=int)]


# -- truncations: the file cut at 24 points ------------------------------------------------

for share in range(24):

    def cut(folder: Path, tables: dict, share: int = share) -> None:
        raw = (folder / "progress.json").read_bytes()
        (folder / "progress.json").write_bytes(raw[: len(raw) * share // 24])

    variant(f"cut at {share}/24", "refused")(cut)


# -- every field of every record, given wrong values ---------------------------------------

WRONG = {
    "null": None,
    "true": True,
    "text": "x",
    "minus one": -1,
    "huge": 10**15,
    "fraction": 0.5,
    "list": [1],
    "object": {"a": 1},
    "naive time": "2026-01-01T00:00:00",
}
FIELDS = {
    "questions": [
        "deck",
        "card",
        "attempts",
        "correct",
        "streak",
        "lapses",
        "recent",
        "mean_seconds",
        "schedule",
        "last_answered",
    ],
    "sessions": ["mode", "deck", "topics", "started", "finished", "duration", "score", "questions"],
    "best_times": ["deck", "board_size", "seconds", "when"],
    "settings": ["key", "value"],
}
SCHEDULE = ["card_id", "state", "step", "stability", "difficulty", "due", "last_review"]
# a few values per field, chosen to cover each kind of wrong for it (9 x 24 would be slow)
PICKS = ["null", "text", "minus one", "huge", "list", "naive time"]

for table, fields in FIELDS.items():
    for field in fields:
        for pick in PICKS:

            def wrong(tables: dict, table: str = table, field: str = field, pick: str = pick) -> None:
                first(tables, table)[field] = copy.deepcopy(WRONG[pick])

            variant(f"{table}.{field} = {pick}")(edit(wrong))

        def missing(tables: dict, table: str = table, field: str = field) -> None:
            del first(tables, table)[field]

        variant(f"{table}.{field} missing")(edit(missing))

for field in SCHEDULE:
    for pick in ("null", "text", "minus one", "naive time"):

        def wrong_schedule(tables: dict, field: str = field, pick: str = pick) -> None:
            first(tables, "questions")["schedule"][field] = copy.deepcopy(WRONG[pick])

        variant(f"schedule.{field} = {pick}")(edit(wrong_schedule))

    def schedule_missing(tables: dict, field: str = field) -> None:
        del first(tables, "questions")["schedule"][field]

    variant(f"schedule.{field} missing", "refused")(edit(schedule_missing))

for where, field in (("questions", "last_answered"), ("sessions", "started"), ("best_times", "when")):
    for naive in ("2026-01-01T00:00:00", "2026-01-01 00:00", "2026-01-01", "01/01/2026 10:00"):

        def naive_time(tables: dict, where: str = where, field: str = field, naive: str = naive) -> None:
            first(tables, where)[field] = naive

        variant(f"{where}.{field} = {naive!r}", "refused")(edit(naive_time))

for field, value in {
    "correct": 10**6,  # more right than answered
    "streak": 10**6,
    "lapses": 10**6,
    "recent": "1" * 21,
    "mean_seconds": 1e300,
}.items():

    def out_of_range(tables: dict, field: str = field, value: object = value) -> None:
        first(tables, "questions")[field] = value

    variant(f"questions.{field} = {value!r:.12}", "refused")(edit(out_of_range))


@variant("a session scored above its questions", "refused")
@edit
def score_above(tables: dict) -> None:
    first(tables, "sessions")["score"] = 99


@variant("schedule.stability 0 and state 9", "refused")
@edit
def bad_state(tables: dict) -> None:
    first(tables, "questions")["schedule"].update(stability=-2.0, state=9)


@variant("theme is a list", "refused")
@edit
def theme_list(tables: dict) -> None:
    next(d for d in tables["settings"].values() if d["key"] == "theme")["value"] = ["nord"]


@variant("an exam date that is no date", "refused")
@edit
def exam_not_a_date(tables: dict) -> None:
    next(d for d in tables["settings"].values() if d["key"].startswith("exam_date:"))["value"] = "soon"


@variant("an unknown setting", "usable")
@edit
def unknown_setting(tables: dict) -> None:
    tables["settings"]["99"] = {"key": "from the future", "value": {"any": [1, 2]}}


@variant("an unknown field in a question", "usable")
@edit
def unknown_field(tables: dict) -> None:
    first(tables, "questions")["note"] = "kept"


@variant("an unknown table", "usable")
@edit
def unknown_table(tables: dict) -> None:
    tables["later"] = {"1": {"x": 1}}


@variant("a schema version that is text", "refused")
@edit
def version_text(tables: dict) -> None:
    first(tables, "meta")["schema_version"] = "2"


# -- ids ---------------------------------------------------------------------------------

for table in ("questions", "sessions"):
    for bad_id in ("01", "²", "-1", "1.0", "", " 1", "0", "1e3", "١"):

        def bad(tables: dict, table: str = table, bad_id: str = bad_id) -> None:
            key = min(tables[table], key=int)
            tables[table][bad_id] = tables[table].pop(key)

        variant(f"{table} id {bad_id!r}", "refused")(edit(bad))


@variant("a question kept twice under two ids", "refused")
@edit
def twice(tables: dict) -> None:
    tables["questions"]["900"] = copy.deepcopy(first(tables, "questions"))


@variant("a duplicate key in the JSON (the last wins)", "usable")
def duplicate_key(folder: Path, tables: dict) -> None:
    [deck_file] = deck_files(folder)
    raw = deck_file.read_bytes()
    rewrite_deck_file(folder, deck_file, raw.replace(b'"questions":{', b'"questions":{"1":{"x":1},', 1))


# -- nesting -----------------------------------------------------------------------------


@variant("100,000 nested brackets", "refused")
def brackets(folder: Path, tables: dict) -> None:
    (folder / "progress.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)


@variant("2,000 nested brackets in a field", "refused")
def deep_field(folder: Path, tables: dict) -> None:
    [deck_file] = deck_files(folder)
    raw = deck_file.read_bytes().replace(
        b'"recent":"', b'"deep":' + b"[" * 2000 + b"]" * 2000 + b',"recent":"', 1
    )
    rewrite_deck_file(folder, deck_file, raw)


@variant("a setting nested 300 deep (too deep to save)", "refused")
def deep_setting(folder: Path, tables: dict) -> None:
    tables = copy.deepcopy(tables)
    tables["settings"]["99"] = {"key": "unknown", "value": None}
    write_tables(folder, tables)
    deep = b"[" * 300 + b"]" * 300  # orjson writes 255 levels at most: the text made by hand
    raw = (folder / "progress.json").read_bytes()
    (folder / "progress.json").write_bytes(raw.replace(b'"value":null', b'"value":' + deep, 1))


# -- the deck files (schema 3: each deck's question records in a file of their own) -----------


def deck_file_damage(change: Callable[[Path], None]) -> Damage:
    def damage(folder: Path, tables: dict) -> None:
        [deck_file] = deck_files(folder)
        change(deck_file)

    return damage


for share in (0, 1, 6, 12, 23):

    def cut_deck_file(path: Path, share: int = share) -> None:
        raw = path.read_bytes()
        path.write_bytes(raw[: len(raw) * share // 24])

    variant(f"the deck file cut at {share}/24", "refused")(deck_file_damage(cut_deck_file))

variant("the deck file deleted", "refused")(deck_file_damage(lambda path: path.unlink()))
variant("the deck file is a folder", "refused")(deck_file_damage(lambda path: (path.unlink(), path.mkdir())))
variant("the deck file links to nothing", "refused")(
    deck_file_damage(lambda path: (path.unlink(), path.symlink_to(path.parent / "gone")))
)
variant("a digit of the deck file changed (its hash no longer matches)", "refused")(
    deck_file_damage(
        lambda path: path.write_bytes(path.read_bytes().replace(b'"attempts":3', b'"attempts":2', 1))
    )
)


@variant("the deck file holds another deck's record", "refused")
@edit
def another_decks_record(tables: dict) -> None:
    first(tables, "questions")["deck"] = "another deck"


@variant("a summary counts more records than its deck file holds", "refused")
def summary_count(folder: Path, tables: dict) -> None:
    raw = orjson.loads((folder / "progress.json").read_bytes())
    first(raw, "deck_files")["records"] += 1
    first(raw, "deck_files")["cards"] = None
    (folder / "progress.json").write_bytes(encode_snapshot(raw))


@variant("a summary naming a file outside the decks folder", "refused")
def summary_path(folder: Path, tables: dict) -> None:
    raw = orjson.loads((folder / "progress.json").read_bytes())
    first(raw, "deck_files")["file"] = "../../etc/passwd"
    (folder / "progress.json").write_bytes(encode_snapshot(raw))


@variant("question records left in progress.json", "refused")
def questions_in_shared_file(folder: Path, tables: dict) -> None:
    raw = orjson.loads((folder / "progress.json").read_bytes())
    raw["questions"] = {"1": first(tables, "questions")}
    (folder / "progress.json").write_bytes(encode_snapshot(raw))


@variant("the journal holds 100,000 nested brackets", "refused")
def journal_brackets(folder: Path, tables: dict) -> None:
    (folder / "progress.json.journal").write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")


# -- the journal -------------------------------------------------------------------------


def journal_line(operations: list) -> Damage:
    def damage(folder: Path, tables: dict) -> None:
        (folder / "progress.json.journal").write_bytes(orjson.dumps(operations) + b"\n")

    return damage


variant("a journal line with a naive time", "refused")(
    journal_line([["sessions", "1", {"mode": "quiz", "deck": "d", "started": "2026-01-01T00:00:00"}]])
)
variant("a journal line with a bad id", "refused")(journal_line([["questions", "01", None]]))
variant("a journal line that is not a list", "refused")(journal_line({"a": 1}))  # type: ignore[arg-type]
variant("a journal line adding a good session", "usable")(
    journal_line([["sessions", "50", {"mode": "quiz", "deck": "d", "started": "2026-01-01T00:00:00+00:00"}]])
)


@variant("a journal cut inside its last line (never acknowledged)", "usable")
def journal_cut(folder: Path, tables: dict) -> None:
    (folder / "progress.json.journal").write_bytes(b'[["sessions","50",{"mo')


# -- special files, links, obstacles -------------------------------------------------------


def replace_with(make: Callable[[Path], None], name: str = "progress.json") -> Damage:
    def damage(folder: Path, tables: dict) -> None:
        target = folder / name
        if target.exists() or target.is_symlink():
            target.unlink()
        make(target)

    return damage


def bound_socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))


for name in ("progress.json", "progress.json.journal"):
    variant(f"{name} is a folder", "refused")(replace_with(lambda p: p.mkdir(), name))
    variant(f"{name} is a FIFO", "refused")(replace_with(os.mkfifo, name))
    variant(f"{name} links to /dev/zero", "refused")(replace_with(lambda p: p.symlink_to("/dev/zero"), name))
    variant(f"{name} links to /dev/null", "refused")(replace_with(lambda p: p.symlink_to("/dev/null"), name))
    variant(f"{name} links to nothing", "refused")(
        replace_with(lambda p: p.symlink_to(p.parent / "gone"), name)
    )
    variant(f"{name} is a link in a loop", "refused")(replace_with(lambda p: p.symlink_to(p), name))
    variant(f"{name} links to a folder", "refused")(
        replace_with(lambda p: p.symlink_to(p.parent / "backups"), name)
    )
    if len(str(Path("/tmp/x" * 8))) < 100:  # a socket path must be short
        variant(f"{name} is a socket", "refused")(replace_with(bound_socket, name))


@variant("progress.json is 300 MB (sparse)", "refused")
def huge(folder: Path, tables: dict) -> None:
    os.truncate(folder / "progress.json", 300 << 20)


@variant("progress.json links to a good file elsewhere", "usable")
def link_to_good(folder: Path, tables: dict) -> None:
    elsewhere = folder.parent / f"{folder.name}-real.json"
    (folder / "progress.json").rename(elsewhere)
    (folder / "progress.json").symlink_to(elsewhere)


@variant("a regular file named backups", "usable")
def backups_file(folder: Path, tables: dict) -> None:
    shutil.rmtree(folder / "backups")
    (folder / "backups").write_bytes(b"not a folder")


@variant("a folder left where a temp file was", "usable")
def temp_folder(folder: Path, tables: dict) -> None:
    (folder / ".progress.json.abc.tmp").mkdir()


@variant("a FIFO named like a backup, and a damaged file", "refused")
def fifo_backup(folder: Path, tables: dict) -> None:
    os.mkfifo(folder / "backups" / "progress-29990101T000000.json")
    (folder / "progress.json").write_bytes(b"{")


@variant("an empty file", "refused")
def empty(folder: Path, tables: dict) -> None:
    (folder / "progress.json").write_bytes(b"")


@variant("a list at the top", "refused")
def top_list(folder: Path, tables: dict) -> None:
    (folder / "progress.json").write_bytes(b"[]")


@variant("an empty object (no tables yet)", "usable")
def no_tables(folder: Path, tables: dict) -> None:
    (folder / "progress.json").write_bytes(b"{}")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict]:
    folder = good_folder(tmp_path_factory.mktemp("good") / "data")
    return folder, saved_tables(folder)  # progress.json with its deck file's records as "questions"


OUTCOMES: dict[str, int] = {}


def test_the_suite_has_at_least_150_variants():
    assert len(VARIANTS) >= 150


@pytest.mark.parametrize("name", VARIANTS)
def test_a_damaged_store_is_usable_or_refused_cleanly_and_restorable(name, template, tmp_path, capsys):
    folder = copy_folder(template[0], tmp_path / "data")
    damage, expect = VARIANTS[name]
    damage(folder, template[1])
    outcome = verdict(folder, capsys)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1
    if expect is not None:
        assert outcome == expect


def test_a_linked_progress_file_stays_a_link_and_its_target_is_saved(template, tmp_path, capsys):
    folder = copy_folder(template[0], tmp_path / "data")
    link_to_good(folder, template[1])
    target = folder.parent / "data-real.json"
    before = target.read_bytes()
    assert verdict(folder, capsys) == "usable"
    assert (folder / "progress.json").is_symlink() and (folder / "progress.json").resolve() == target
    assert target.read_bytes() != before
    assert b'"attempts":4' in b"".join(path.read_bytes() for path in deck_files(folder))


def test_an_obstacle_named_backups_opens_with_a_warning_naming_it(template, tmp_path, capsys):
    from tests.reliability.damage import exercise

    folder = copy_folder(template[0], tmp_path / "data")
    backups_file(folder, template[1])
    warnings = exercise(folder, capsys)
    assert (
        warnings
        and "backups is a file, not a folder" in warnings[0]
        and "progress" not in warnings[0].split(":")[0]
    )
    assert (folder / "backups").read_bytes() == b"not a folder"


def test_zz_both_outcomes_happened():
    """Run after the suite (pytest keeps file order): a suite where all are refused proves little."""
    if sum(OUTCOMES.values()) < len(VARIANTS):
        pytest.skip("run with the whole suite")
    print(f"\n{len(VARIANTS)} variants: {OUTCOMES}")
    assert OUTCOMES.get("usable", 0) > 0 and OUTCOMES.get("refused", 0) > 0
