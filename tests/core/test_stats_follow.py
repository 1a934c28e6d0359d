"""`revise stats`' cached columns follow the app's saves (`stats_cache.follow`, issue 18).

When the app writes a deck's new file it keeps a small delta (the records changed since the old
file) beside the old file's entry; the first `revise stats` after puts it over that entry instead
of decoding the whole new file. What a caller sees must not change: the same bytes printed and the
same entry kept as a first run that decodes the new file, and anything amiss with the old entry or
the delta (damaged, missing, cut short by a kill) just means the file is decoded, as before.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tui.core.stats as stats
from tests.conftest import FIXED_NOW
from tests.progress_files import deck_files, saved_tables, write_split
from tests.stats_store import record
from tui.cli import follow_stats_cache
from tui.commands import print_stats
from tui.core import checked_file, stats_cache
from tui.core.progress import ProgressError, open_store, read_store, split
from tui.core.progress.layout import record_lines
from tui.exit_codes import EXIT_FAILURE

REPO = Path(__file__).resolve().parents[2]
META = {"1": {"schema_version": 3}}


@pytest.fixture(autouse=True)
def never_settled(monkeypatch):
    """Every deck file counts as just written, so an entry never holds a file's identity: entries
    made minutes apart are then the same bytes."""
    monkeypatch.setattr(stats, "SETTLED_NS", 10**19)


def stats_json(folder: Path, capsysbinary) -> tuple[int, bytes, bytes]:
    capsysbinary.readouterr()
    code = print_stats(str(folder), as_json=True, now=FIXED_NOW)
    out, err = capsysbinary.readouterr()
    return code, out, err


def entries(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(cache.iterdir())} if cache.is_dir() else {}


def cold(folder: Path, cache: Path, capsysbinary) -> tuple[tuple[int, bytes, bytes], dict[str, bytes]]:
    """What a run that decodes every deck file prints and keeps (no entry to start from)."""
    shutil.rmtree(cache, ignore_errors=True)
    printed = stats_json(folder, capsysbinary)
    return printed, entries(cache)


def seeded_store(folder: Path, rng: random.Random, decks: tuple[str, ...] = ("a", "b")) -> None:
    """Varied records (`tests.stats_store.record`) of each deck, ids in order, as revise writes them."""
    questions = {}
    key = 0
    for deck in decks:
        for n in range(rng.randint(3, 40)):
            key += rng.randint(1, 3)
            questions[str(key)] = record(rng, deck, f"{deck}-{n}")
    folder.mkdir(parents=True, exist_ok=True)
    write_split(folder, {"meta": META, "questions": questions})


def a_session(folder: Path, rng: random.Random, changes: int, follow=follow_stats_cache) -> None:
    """The app's saves as they come: answers, new questions, records deleted, moved to the other
    deck or given another card id (a card renamed in the deck), then quit."""
    store = open_store(folder, on_decks_written=follow)
    for deck in ("a", "b"):
        store.all_question_stats(deck)  # each deck's file read, as the app reads a deck when it is used
    table = store._db.table("questions")
    for step in range(changes):
        docs = {doc.doc_id: doc for doc in table.all()}
        doc_id = rng.choice(sorted(docs))
        doc = docs[doc_id]
        kind = rng.choice(["answer", "answer", "answer", "new", "delete", "move", "rename", "rewrite"])
        same_deck = sum(other["deck"] == doc["deck"] for other in docs.values())
        if kind == "answer":
            store.record_answer(doc["deck"], doc["card"], rng.random() < 0.5, 2.0, "quiz")
        elif kind == "new":
            store.record_answer(rng.choice(["a", "b"]), f"new-{step}-{rng.random()}", True, 3.0, "quiz")
        elif kind == "delete" and same_deck > 1:
            table.remove(doc_ids=[doc_id])
        elif kind == "move" and same_deck > 1:
            other = "b" if doc["deck"] == "a" else "a"
            table.update({"deck": other, "card": f"moved-{rng.random()}"}, doc_ids=[doc_id])
        elif kind == "rename":
            table.update({"card": f"renamed-{rng.random()}"}, doc_ids=[doc_id])
        elif kind == "rewrite":  # the whole record from elsewhere: every field new
            table.update(record(rng, doc["deck"], doc["card"]), doc_ids=[doc_id])
    store.close()


def deltas(cache: Path) -> list[str]:
    return sorted(path.name for path in cache.iterdir() if path.name.endswith(".delta"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), sessions=st.lists(st.integers(0, 12), min_size=1, max_size=3))
def test_a_followed_save_prints_and_keeps_what_decoding_the_new_files_does(
    tmp_path, monkeypatch, capsysbinary, seed, sessions
):
    """Random records, random changes over one to three sessions with no `revise stats` between."""
    rng = random.Random(seed)
    work = tmp_path / uuid.uuid4().hex
    folder, cache = work / "data", work / "cache" / "stats"
    monkeypatch.setenv("REVISE_CACHE_DIR", str(work / "cache"))
    seeded_store(folder, rng)
    assert stats_json(folder, capsysbinary)[0] == 0  # the old files' entries
    old_files = set(map(str, deck_files(folder)))
    for changes in sessions:
        a_session(folder, rng, changes)
    new_files = [path for path in deck_files(folder) if str(path) not in old_files]
    assert len(deltas(cache)) == len(new_files)  # one per deck with a new file (both decks had entries)
    followed: list[bool] = []
    real = stats._followed_deck

    def spied(*args):
        found = real(*args)
        followed.append(found is not None)
        return found

    monkeypatch.setattr(stats, "_followed_deck", spied)
    printed = stats_json(folder, capsysbinary)
    kept = entries(cache)
    assert followed == [True] * len(new_files)
    assert (printed, kept) == cold(folder, cache, capsysbinary)
    assert printed[0] == 0


def test_the_first_run_after_a_save_decodes_only_the_changed_records(tmp_path, monkeypatch, capsysbinary):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "stats"
    seeded_store(tmp_path / "data", random.Random(7))
    stats_json(tmp_path / "data", capsysbinary)
    a_session(tmp_path / "data", random.Random(8), 6)
    decoded: list[int] = []  # records in each text decoded: one a line, less the 7 of the head and tail
    real = stats._decode_deck
    monkeypatch.setattr(
        stats, "_decode_deck", lambda raw, deck: decoded.append(raw.count(b"\n") - 7) or real(raw, deck)
    )
    printed = stats_json(tmp_path / "data", capsysbinary)
    assert decoded and sum(decoded) <= 6  # each change touched one record: never a whole file
    assert deltas(cache) == []  # each now its new file's entry
    assert (printed, entries(cache)) == cold(tmp_path / "data", cache, capsysbinary)


def test_a_save_of_a_deck_with_no_entry_keeps_no_delta(tmp_path, monkeypatch, capsysbinary):
    """A student who never ran `revise stats`: nothing is written for it (home's figures cache,
    `figures/` beside it, is the app's own)."""
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    seeded_store(tmp_path / "data", random.Random(3))
    a_session(tmp_path / "data", random.Random(4), 5)
    assert not (tmp_path / "cache" / "stats").exists()


# -- an old entry or a delta not as it should be: the new file decoded, the same bytes printed ------


def _flip_middle(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    path.write_bytes(bytes(raw))


def _other_deck_s(path: Path) -> None:
    other = next(
        entry for entry in path.parent.iterdir() if entry.name.split(".")[0] != path.name.split(".")[0]
    )
    shutil.copy(other, path)


DAMAGE = {
    "missing": Path.unlink,
    "a byte changed": _flip_middle,
    "cut short, as a kill mid-write would leave it": lambda path: path.write_bytes(path.read_bytes()[:-7]),
    "empty": lambda path: path.write_bytes(b""),
    "another deck's": _other_deck_s,
}


@pytest.mark.parametrize("which", ["the old file's entry", "the delta"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_or_missing_old_entry_or_delta_gives_the_same_output(
    tmp_path, monkeypatch, capsysbinary, which, damage
):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(11))
    stats_json(folder, capsysbinary)
    old_a = next(path.name for path in deck_files(folder) if path.name.startswith("a."))
    store = open_store(folder, on_decks_written=follow_stats_cache)
    store.record_answer("a", "a-0", False, 2.0, "quiz")
    store.record_answer("b", "b-1", True, 2.0, "quiz")  # deck b's delta, for "another deck's"
    store.close()
    delta = next(path for path in cache.iterdir() if path.name.startswith("a.") and path.suffix == ".delta")
    base = next(path for path in cache.iterdir() if path.name.split(".")[2] == old_a.split(".")[1])
    DAMAGE[damage](base if which == "the old file's entry" else delta)
    printed = stats_json(folder, capsysbinary)
    kept = entries(cache)
    assert printed[0] == 0
    assert (printed, kept) == cold(folder, cache, capsysbinary)


def test_an_old_file_not_in_record_id_order_is_decoded(tmp_path, monkeypatch, capsysbinary):
    """Whose entry's places are not the ids' order (written by hand or an older revise)."""
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    rng = random.Random(5)
    questions = {str(key): record(rng, "a", f"c{key}") for key in (9, 2, 5, 7, 1)}
    folder.mkdir()
    write_split(folder, {"meta": META, "questions": questions})
    stats_json(folder, capsysbinary)
    store = open_store(folder, on_decks_written=follow_stats_cache)
    store.record_answer("a", "c5", True, 2.0, "quiz")
    store.close()
    assert len(deltas(cache)) == 1
    printed = stats_json(folder, capsysbinary)
    assert (printed, entries(cache)) == cold(folder, cache, capsysbinary)


def test_a_save_past_the_delta_limit_keeps_no_delta(tmp_path, monkeypatch, capsysbinary):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(stats_cache, "MAX_DELTA_RECORDS", 2)
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(6), decks=("a",))
    stats_json(folder, capsysbinary)
    store = open_store(folder, on_decks_written=follow_stats_cache)
    for card in ("a-0", "a-1", "new"):
        store.record_answer("a", card, True, 2.0, "quiz")
    store.close()
    assert deltas(cache) == []
    printed = stats_json(folder, capsysbinary)
    assert (printed, entries(cache)) == cold(folder, cache, capsysbinary)


# -- the save comes first ---------------------------------------------------------------------------


def test_a_failing_follower_leaves_the_save_whole(tmp_path):
    """The delta is written after progress.json: whatever it raises, the answers are saved."""
    seeded_store(tmp_path, random.Random(9), decks=("a",))

    def broken(folder, changes):
        raise OSError("no room for the cache")

    store = open_store(tmp_path, on_decks_written=broken)
    store.record_answer("a", "a-0", True, 2.0, "quiz")
    store.record_answer("a", "brand new", False, 2.0, "quiz")
    store.close()
    cards = {doc["card"]: doc for doc in saved_tables(tmp_path)["questions"].values()}
    assert cards["brand new"]["attempts"] == 1


def test_a_delta_that_cannot_be_written_leaves_no_file(tmp_path, monkeypatch, capsysbinary):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(12), decks=("a",))
    stats_json(folder, capsysbinary)
    before = entries(cache)

    def refused(src, dst):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as only_the_cache:  # the cache's rename refused, not the store's
        only_the_cache.setattr(
            checked_file, "os", SimpleNamespace(getpid=os.getpid, environ=os.environ, replace=refused)
        )
        a_session(folder, random.Random(13), 4)
    assert entries(cache) == before  # no delta, no temporary file left
    printed = stats_json(folder, capsysbinary)
    assert (printed, entries(cache)) == cold(folder, cache, capsysbinary)


KILLED_MID_DELTA = """
import os, signal, sys
from tui.cli import follow_stats_cache
from tui.core import stats_cache
from tui.core.progress import open_store

real = stats_cache.write_checked
def half_then_killed(target, pieces):
    body = b"".join(pieces())
    with open(target.with_name(target.name + f".{os.getpid()}.tmp"), "wb") as out:
        out.write(body[: len(body) // 2])
    os.kill(os.getpid(), signal.SIGKILL)
stats_cache.write_checked = half_then_killed
store = open_store(sys.argv[1], on_decks_written=follow_stats_cache)
store.record_answer("a", "a-1", True, 2.0, "quiz")
store.record_answer("a", "after the kill?", False, 2.0, "quiz")
store.close()
"""


def test_a_kill_while_the_delta_is_written_leaves_nothing_that_is_read(tmp_path, monkeypatch, capsysbinary):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(14), decks=("a",))
    stats_json(folder, capsysbinary)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_MID_DELTA, str(folder)],
        cwd=REPO,
        env={**os.environ, "REVISE_CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    assert deltas(cache) == [] and any(name.endswith(".tmp") for name in entries(cache))
    cards = {doc["card"] for doc in saved_tables(folder)["questions"].values()}
    assert "after the kill?" in cards  # the save came first
    printed = stats_json(folder, capsysbinary)
    assert printed[0] == 0 and b"after the kill?" in printed[1]
    assert not any(name.endswith(".tmp") for name in entries(cache))  # the dead writer's half file gone
    assert printed == cold(folder, cache, capsysbinary)[0]


# -- what a save hands over -------------------------------------------------------------------------


def test_a_snapshot_names_each_new_file_s_changed_records_and_their_lines(tmp_path):
    rng = random.Random(2)
    seeded_store(tmp_path, rng)
    before = {path.name.split(".")[0]: f"decks/{path.name}" for path in deck_files(tmp_path)}
    handed: list[split.DeckChange] = []
    store = open_store(tmp_path, on_decks_written=lambda folder, changes: handed.extend(changes))
    for deck in ("a", "b"):
        store.all_question_stats(deck)
    table = store._db.table("questions")
    first_a = min(doc.doc_id for doc in table.all() if doc["deck"] == "a")
    first_b = min(doc.doc_id for doc in table.all() if doc["deck"] == "b")
    store.record_answer("a", table.get(doc_id=first_a)["card"], True, 2.0, "quiz")
    table.update({"deck": "a", "card": "from b"}, doc_ids=[first_b])
    store.close()
    after = {path.name.split(".")[0]: f"decks/{path.name}" for path in deck_files(tmp_path)}
    new_a = orjson.loads((tmp_path / after["a"]).read_bytes())["questions"]
    assert sorted(handed, key=lambda change: change.deck) == [
        split.DeckChange(
            "a",
            before["a"],
            after["a"],
            frozenset({str(first_a), str(first_b)}),
            dict(zip([str(first_a), str(first_b)], record_lines(new_a, [str(first_a), str(first_b)]))),
        ),
        split.DeckChange("b", before["b"], after["b"], frozenset({str(first_b)}), {}),
    ]
    lines = set((tmp_path / after["a"]).read_bytes().replace(b",\n", b"\n").split(b"\n"))
    assert set(next(change for change in handed if change.deck == "a").lines.values()) <= lines


CRASHED_SESSION = """
import os, sys
from tui.core.progress import open_store
store = open_store(sys.argv[1])
store.all_question_stats("b")
store.record_answer("a", "a-1", True, 2.0, "quiz")
store.record_answer("b", "b-0", False, 2.0, "quiz")
store.record_answer("a", "brand new", True, 2.0, "quiz")
os._exit(0)  # gone without its quit: the answers are in the journal only
"""


def test_a_session_folded_from_a_crashed_one_s_journal_is_followed(tmp_path, monkeypatch, capsysbinary):
    """The next start folds the journal into new deck files: their deltas name the journaled records."""
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(15))
    stats_json(folder, capsysbinary)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASHED_SESSION, str(folder)], cwd=REPO, capture_output=True, timeout=120
    )
    assert crashed.returncode == 0, crashed.stderr.decode()
    handed: list[split.DeckChange] = []

    def follow(folder: Path, changes: list[split.DeckChange]) -> None:
        handed.extend(changes)
        follow_stats_cache(folder, changes)

    open_store(folder, on_decks_written=follow).close()
    assert sorted((change.deck, len(change.keys), len(change.lines)) for change in handed) == [
        ("a", 2, 2),
        ("b", 1, 1),
    ]
    decoded: list[int] = []
    real = stats._decode_deck
    monkeypatch.setattr(
        stats, "_decode_deck", lambda raw, deck: decoded.append(raw.count(b"\n") - 7) or real(raw, deck)
    )
    printed = stats_json(folder, capsysbinary)
    assert sorted(decoded) == [1, 2] and b"brand new" in printed[1]
    assert (printed, entries(cache)) == cold(folder, cache, capsysbinary)


def _new_file_of_a(folder: Path) -> Path:
    return next(path for path in deck_files(folder) if path.name.startswith("a."))


def _flip_a_record_byte(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[raw.index(b'"attempts":') + 11] ^= 0x01  # a digit changed: still a record, not the hashed bytes
    path.write_bytes(bytes(raw))


NEW_FILE_DAMAGE = {
    "a byte changed": lambda folder: _flip_a_record_byte(_new_file_of_a(folder)),
    "missing": lambda folder: _new_file_of_a(folder).unlink(),
    "cut short": lambda folder: _new_file_of_a(folder).write_bytes(_new_file_of_a(folder).read_bytes()[:-9]),
}


@pytest.mark.parametrize("damage", sorted(NEW_FILE_DAMAGE))
def test_a_damaged_new_deck_file_is_refused_as_before_though_a_delta_is_kept(
    tmp_path, monkeypatch, capsysbinary, damage
):
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(16))
    stats_json(folder, capsysbinary)
    store = open_store(folder, on_decks_written=follow_stats_cache)
    store.record_answer("a", "a-0", False, 2.0, "quiz")
    store.close()
    assert [name.split(".")[0] for name in deltas(cache)] == ["a"]
    NEW_FILE_DAMAGE[damage](folder)
    with pytest.raises(ProgressError) as refused:
        read_store(folder)
    assert stats_json(folder, capsysbinary) == (EXIT_FAILURE, b"", f"revise: {refused.value}\n".encode())


def test_a_run_that_cannot_keep_the_followed_entry_prints_the_same_and_the_next_follows_again(
    tmp_path, monkeypatch, capsysbinary
):
    """The first run after a save keeps its result as the new file's entry; that write refused
    (a full disk), it prints all the same, and leaves the old entry and the delta for the next."""
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    folder, cache = tmp_path / "data", tmp_path / "cache" / "stats"
    seeded_store(folder, random.Random(18))
    stats_json(folder, capsysbinary)
    a_session(folder, random.Random(19), 5)
    before = entries(cache)
    assert deltas(cache)

    def refused(src, dst):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as full:
        full.setattr(
            checked_file, "os", SimpleNamespace(getpid=os.getpid, environ=os.environ, replace=refused)
        )
        printed = stats_json(folder, capsysbinary)
    assert entries(cache) == before  # nothing half written, nothing removed
    decoded: list[int] = []
    real = stats._decode_deck
    monkeypatch.setattr(
        stats, "_decode_deck", lambda raw, deck: decoded.append(raw.count(b"\n") - 7) or real(raw, deck)
    )
    assert stats_json(folder, capsysbinary) == printed
    assert sum(decoded) <= 5  # followed again: the changed records only
    monkeypatch.undo()
    monkeypatch.setenv("REVISE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(stats, "SETTLED_NS", 10**19)
    assert (printed, entries(cache)) == cold(folder, cache, capsysbinary)
