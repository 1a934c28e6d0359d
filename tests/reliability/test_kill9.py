"""kill -9 inside a save: nothing acknowledged is ever lost and the file always opens.

Each child acknowledges a random number of answers, then stops at a chosen
point inside the next answer's save (half-way through its journal append, at
the fsync, or saved but not yet acknowledged) or inside the compaction that
`close` runs (half-way through the new snapshot, at each fsync and rename, at
the journal's reset), says so down a pipe, and the parent kills it there; after each kill what
the app reads and what `revise stats` reads agree. The kills land inside writes by construction, so the
test does not depend on how fast the machine is.

Children are forked from a forkserver that has already imported the store, so
a round costs milliseconds.
"""

from __future__ import annotations

import multiprocessing
import random
import shutil
from collections import Counter

import orjson
import pytest

from tests.progress_files import deck_files, saved_state
from tests.reliability.children import (
    ANSWER_TRAPS,
    CLOSE_TRAPS,
    answer_until_trapped,
    migrate_until_trapped,
    seed_one_file_progress,
    seed_progress,
)
from tui.core.progress import list_backups, open_store, read_store, readable_tables

ROUNDS = 66  # six times each of the eleven trap points
LIVENESS = 60  # seconds a child may take to reach its trap; a guard against hanging, not a measurement


@pytest.fixture(scope="module")
def forkserver():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tui.core.progress", "tests.reliability.children"])
    return context


def attempts_on_disk(folder) -> dict[str, int]:
    """What is saved: the snapshot and its deck files with its journal replayed (raises if any is damaged).

    `revise stats` reads the same: the deck files scanned a batch at a time, the journal applied.
    """
    tables = saved_state(folder)
    readable_tables(tables, folder / "progress.json")
    saved = {doc["card"]: doc["attempts"] for doc in tables["questions"].values()}
    reader = read_store(folder)
    assert reader is not None
    assert {s.card_id: s.attempts for s in reader.iter_question_stats("deck")} == saved
    return saved


def kill_inside_a_save(context, folder, round_no: int, answers: int, phase: str, point: str, nth: int):
    """Run one child to its trap and kill -9 it there; (acknowledged answers, where it was killed)."""
    receive, send = context.Pipe(duplex=False)
    args = (str(folder), send, round_no, answers, phase, point, nth)
    child = context.Process(target=answer_until_trapped, args=args, daemon=True)
    child.start()
    send.close()
    assert receive.poll(LIVENESS) and receive.recv_bytes() == b"ready"
    acks: list[tuple[str, int]] = []
    where = None
    while where is None:
        assert receive.poll(LIVENESS), f"round {round_no}: the child neither acknowledged nor trapped"
        message = receive.recv_bytes().decode()
        if message.startswith("trap "):
            where = message.removeprefix("trap ")
        else:
            card, attempts = message.split()
            acks.append((card, int(attempts)))
    child.kill()
    child.join(LIVENESS)
    receive.close()
    return acks, where


TRAPS = [("answer", *trap) for trap in ANSWER_TRAPS] + [("close", *trap) for trap in CLOSE_TRAPS]


def test_kill_9_inside_a_save_never_loses_an_acknowledged_answer_nor_breaks_the_file(tmp_path, forkserver):
    folder = tmp_path / "data"
    seed_progress(folder)
    rng = random.Random(20261126)
    before = attempts_on_disk(folder)
    killed_at: Counter[str] = Counter()
    for round_no in range(ROUNDS):
        phase, point, nth = TRAPS[round_no % len(TRAPS)]
        answers = rng.randint(0 if phase == "answer" else 1, 4)  # close folds only a journal with lines
        acks, where = kill_inside_a_save(forkserver, folder, round_no, answers, phase, point, nth)
        assert len(acks) == answers
        after = attempts_on_disk(folder)
        for card, attempts in acks:
            assert after[card] >= attempts, f"round {round_no}: acknowledged {card} #{attempts} is lost"
        # every acknowledged answer is there, plus at most the one in flight
        in_flight = 1 if phase == "answer" else 0
        assert sum(after.values()) - sum(before.values()) in (answers, answers + in_flight), where
        killed_at[where] += 1
        before = after
    print(f"\n{ROUNDS} kills inside a save: {dict(sorted(killed_at.items()))}")
    assert not any("not reached" in where for where in killed_at)  # every chosen point was inside a save
    store = open_store(folder)  # the lock died with its owner; the temp files are cleaned up
    assert not any(folder.glob(".progress.json.*.tmp"))
    store.close()
    assert attempts_on_disk(folder) == before


MIGRATION_TRAPS = [("write", n) for n in range(1, 6)] + [("replace", n) for n in range(1, 7)]
MIGRATION_TRAPS += [("fsync", n) for n in range(1, 14, 2)]


def test_kill_9_during_the_migration_into_deck_files_loses_nothing(tmp_path, forkserver):
    """A store from before schema 3 (every record in progress.json) is backed up, then split into
    deck files: killed at any write, fsync or rename of that, the next start finds every record,
    as the old file or the new set, never a mix, and `revise stats` reads the same."""
    template = tmp_path / "one-file"
    seed_one_file_progress(template)
    raw = (template / "progress.json").read_bytes()
    expected = {doc["card"]: doc["attempts"] for doc in orjson.loads(raw)["questions"].values()}
    reached = []
    for round_no, (point, nth) in enumerate(MIGRATION_TRAPS):
        folder = tmp_path / f"data-{round_no}"
        shutil.copytree(template, folder)
        receive, send = forkserver.Pipe(duplex=False)
        child = forkserver.Process(
            target=migrate_until_trapped, args=(str(folder), send, point, nth), daemon=True
        )
        child.start()
        send.close()
        assert receive.poll(LIVENESS), f"{point}#{nth}: the child never stopped"
        where = receive.recv_bytes().decode().removeprefix("trap ")
        child.kill()
        child.join(LIVENESS)
        receive.close()
        if where != "not reached":
            reached.append(where)
        migrated = b'"deck_files"' in (folder / "progress.json").read_bytes()
        if not migrated:
            assert (folder / "progress.json").read_bytes() == raw, where  # the old file, untouched
        reader = read_store(folder)
        assert reader is not None
        assert {
            s.card_id: s.attempts for d in reader.deck_ids() for s in reader.iter_question_stats(d)
        } == expected
        store = open_store(folder)  # migrates now if the kill came first; cleans what the kill left
        assert {
            c: s.attempts for d in store.deck_ids() for c, s in store.all_question_stats(d).items()
        } == expected
        store.close()
        assert b'"deck_files"' in (folder / "progress.json").read_bytes()
        assert any(backup.schema == 2 for backup in list_backups(folder)), where  # the old file kept
        named = {path.name for path in deck_files(folder)}
        assert {path.name for path in (folder / "decks").iterdir()} == named, where  # no file left over
        assert saved_state(folder)["questions"] and len(named) == 3
    print(f"\nkills during the migration: {reached}")
    assert any("replace" in where and "progress.json" in where for where in reached)
    assert len(reached) >= 12
