"""`revise plan`: the exam date, the predicted score with and without the plan, and today's cards."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.exit_codes import EXIT_FAILURE, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from tui.core.deck import Deck
    from tui.core.progress import ProgressStore
    from tui.core.readiness import Readiness

_TODAY_LISTED = 20  # longer lists of today's cards are cut in the text; --json has them all


def _print(text: str) -> None:
    try:
        print(text, flush=True)
    except BrokenPipeError:  # `revise plan | head`: the reader left; stay quiet about it
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _say(message: str, code: int) -> int:
    print(f"revise: {message}", file=sys.stderr)
    return code


def run_plan(
    data_dir: str | None,
    deck_path: str | None,
    format: str | None,
    exam: str | None,
    minutes: float | None,
    as_json: bool,
    now: Callable[[], datetime] | None = None,
) -> int:
    """Print the deck's readiness; with `exam`, first store (or with "none" clear) its exam date.

    Reads the progress file without the lock when only printing (the app may be running); setting
    the date opens the store with its lock. Exit 2: bad date, date passed, no date set.
    """
    from tui.core import readiness
    from tui.core.deck import DeckError
    from tui.core.formats import load_deck
    from tui.core.library import claim_deck_id
    from tui.core.progress import ProgressError, open_store, read_store, utc_now
    from tui.paths import data_dir as resolve_data_dir
    from tui.paths import shipped_deck_path

    clock = now or utc_now
    if minutes is not None and not 0 < minutes <= 24 * 60:
        return _say(f"--minutes {minutes:g}: give the minutes a day as a number from 1 to 1440.", EXIT_USAGE)
    try:
        deck = load_deck(Path(deck_path) if deck_path else shipped_deck_path(), format)
    except DeckError as error:
        return _say(str(error), EXIT_USAGE)
    today = clock().astimezone().date()
    folder = resolve_data_dir(data_dir)
    try:
        if exam is not None:
            wanted: date | None = None
            if exam.strip().lower() != "none":
                try:
                    wanted = readiness.parse_exam_date(exam, today)
                except ValueError as error:
                    return _say(f"--exam: {error} Give a date from today on.", EXIT_USAGE)
            store = open_store(folder, now=clock)
            deck, _ = claim_deck_id(deck, store)  # a file sharing its title with another keeps its own id
            try:
                readiness.set_exam_date(store, deck.id, wanted)
                return _report(store, deck, clock(), minutes, as_json, cleared=wanted is None)
            finally:
                store.close()
        reader = read_store(folder, now=clock)
        if reader is None:
            return _say(_how_to_set(deck), EXIT_USAGE)
        deck, _ = claim_deck_id(deck, reader)
        return _report(reader, deck, clock(), minutes, as_json)
    except ProgressError as error:
        return _say(str(error), EXIT_FAILURE)


def _how_to_set(deck: Deck) -> str:
    return (
        f"No exam date is set for {deck.title!r}. "
        "Set one with `revise plan --exam YYYY-MM-DD` (add --deck PATH for another deck)."
    )


def _report(
    store: ProgressStore,
    deck: Deck,
    now: datetime,
    minutes: float | None,
    as_json: bool,
    cleared: bool = False,
) -> int:
    from tui.core import readiness

    if cleared:
        _print(f"Cleared the exam date of {deck.title!r}.")
        return EXIT_OK
    exam = readiness.exam_date(store, deck.id)
    today = now.astimezone().date()
    if exam is None:
        return _say(_how_to_set(deck), EXIT_USAGE)
    if exam < today:
        return _say(
            f"The exam date {exam.isoformat()} of {deck.title!r} has passed. Set the next one with "
            "`revise plan --exam YYYY-MM-DD`, or clear it with `revise plan --exam none`.",
            EXIT_USAGE,
        )
    result = readiness.assess_readiness(
        deck,
        store.all_question_stats(deck.id),
        exam,
        now,
        minutes=minutes if minutes is not None else readiness.DEFAULT_MINUTES,
    )
    report = result.as_dict()
    advice = _advice(result, deck, store, now)
    report["advice"] = advice
    _print(
        json.dumps(report, indent=2, ensure_ascii=False)
        if as_json
        else "\n".join(_lines(result, deck, advice))
    )
    return EXIT_OK


def _advice(result: Readiness, deck: Deck, store: ProgressStore, now: datetime) -> dict[str, Any] | None:
    """When the plan falls short of the target: the minutes a day that would meet it, or topics to defer."""
    from tui.core import readiness

    if result.target_met or not result.days:
        return None
    stats = store.all_question_stats(deck.id)
    return {
        "minutes_needed": readiness.minutes_needed(deck, stats, result.exam, now, target=result.target),
        "topics_to_defer": readiness.topics_to_defer(result, deck, stats, now),
    }


def _lines(result: Readiness, deck: Deck, advice: dict[str, Any] | None) -> list[str]:
    days = result.days_left
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    lines = [
        f"{deck.title}: exam on {result.exam.isoformat()} ({when})",
        f"Predicted score now:                {result.now.text()}",
        f"On the exam day, doing nothing:     {result.without_plan.text()}",
        f"On the exam day, with the plan:     {result.with_plan.text()}"
        f"   ({result.minutes:g} min a day, ~{result.seconds_per_card:.0f} s a card)",
        "(80% ranges, in percent of marks)",
    ]
    if result.days and not result.target_met:
        lines.append(
            f"The plan does not reach the target of {result.target:.0%} in {result.minutes:g} "
            f"minute{'' if result.minutes == 1 else 's'} a day."
        )
        if advice and advice["minutes_needed"] is not None:
            lines.append(f"  {advice['minutes_needed']} minutes a day would reach it.")
        elif advice:
            lines.append(  # as the screen says
                "  More time a day would not reach it: memory needs days between reviews, and the exam is too close."
            )
        if advice and advice["topics_to_defer"]:
            lines.append("  Or leave to a later pass: " + ", ".join(advice["topics_to_defer"]))
    lines += ["", "Topic                                   now   doing nothing   with the plan"]
    for topic in result.topics:
        lines.append(
            f"  {topic.name[:36]:<36}  {topic.now.mean:>4.0%}   {topic.without_plan.mean:>12.0%}   "
            f"{topic.with_plan.mean:>13.0%}"
        )
    today = result.today_cards
    lines.append("")
    if days == 0:
        lines.append("The exam is today: a cram of the weakest cards (lowest predicted recall) first:")
        today = tuple(readiness_cram(result))
    elif not today:
        lines.append("Nothing planned for today: every card is on track.")
    else:
        new = len(result.days[0].new)
        lines.append(
            f"Today's cards ({len(today)}, {new} new, ~{max(1, round(result.days[0].seconds / 60))} min):"
        )
    for card_id in today[:_TODAY_LISTED]:
        lines.append(f"  {deck.card(card_id).question[:100]}")
    if len(today) > _TODAY_LISTED:
        lines.append(f"  … and {len(today) - _TODAY_LISTED} more (--json lists them all)")
    return lines


def readiness_cram(result: Readiness) -> list[str]:
    from tui.core import readiness

    return readiness.cram_cards(result, result.minutes)
