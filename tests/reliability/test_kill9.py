"""kill -9 at random moments while answers are being saved: nothing acknowledged is ever lost.

Children are forked from a forkserver that has already imported the store, so
a round costs milliseconds and 50 rounds fit in a few seconds.
"""

from __future__ import annotations

import multiprocessing
import random
import time

import pytest

from tests.reliability.children import answer_until_killed, seed_progress
from tui.core.progress import open_store, readable_tables
from tui.core.storage import read_tables

ROUNDS = 50


@pytest.fixture(scope="module")
def forkserver():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tui.core.progress", "tests.reliability.children"])
    return context


def attempts_on_disk(folder) -> dict[str, int]:
    loaded = read_tables(folder / "progress.json")  # raises if the file does not parse
    readable_tables(loaded.tables, folder / "progress.json")
    return {doc["card"]: doc["attempts"] for doc in loaded.tables["questions"].values()}


def kill_one_writer(context, folder, round_no: int, rng: random.Random) -> tuple[list[tuple[str, int]], bool]:
    """Start a writer, kill -9 it at a random moment; the answers it acknowledged, and if a temp file was left."""
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=answer_until_killed, args=(str(folder), send, round_no), daemon=True)
    child.start()
    send.close()
    assert receive.poll(20) and receive.recv_bytes() == b"ready"
    time.sleep(rng.uniform(0.0, 0.04))
    child.kill()
    child.join(10)
    acks = []
    while True:
        try:
            card, attempts = receive.recv_bytes().decode().split()
        except EOFError:
            break
        acks.append((card, int(attempts)))
    receive.close()
    left_temp = any(folder.glob(".progress.json.*.tmp"))
    return acks, left_temp


def test_kill_9_never_loses_an_acknowledged_answer_nor_breaks_the_file(tmp_path, forkserver):
    folder = tmp_path / "data"
    seed_progress(folder)
    rng = random.Random(20261126)
    before = attempts_on_disk(folder)
    acknowledged = killed_mid_write = 0
    for round_no in range(ROUNDS):
        acks, left_temp = kill_one_writer(forkserver, folder, round_no, rng)
        after = attempts_on_disk(folder)
        for card, attempts in acks:
            assert after[card] >= attempts, f"round {round_no}: acknowledged {card} #{attempts} is lost"
        # every acknowledged answer is there, plus at most the one in flight
        assert sum(after.values()) - sum(before.values()) in (len(acks), len(acks) + 1)
        acknowledged += len(acks)
        killed_mid_write += left_temp
        before = after
    print(f"\n{ROUNDS} kills, {acknowledged} acknowledged answers, {killed_mid_write} kills mid-write")
    assert acknowledged > ROUNDS  # the kills landed while answers were being saved
    assert killed_mid_write > 0  # ... and some in the middle of writing the temp file
    store = open_store(folder)  # the lock died with its owner; the temp files are cleaned up
    assert not any(folder.glob(".progress.json.*.tmp"))
    store.close()
