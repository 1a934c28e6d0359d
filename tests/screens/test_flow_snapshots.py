"""Snapshots for issue 16 at 80×24: help while typing an answer (the quiz's keys first), a checklist under its question."""

from __future__ import annotations

from tests.screens.test_quiz_snapshots import SIZE, quiz_app


def test_help_while_typing(snap_compare):
    async def run_before(pilot):
        pilot.app.navigation.start_review(["purges", "czech"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*"the pur", "f1")
        await pilot.pause()

    assert snap_compare(quiz_app(), run_before=run_before, terminal_size=SIZE)


def test_checklist_at_80_by_24_keeps_the_question_in_view(snap_compare):
    from tests.screens.test_quiz_snapshots import HITLER, TWO_POINTS, shipped_quiz_app

    async def run_before(pilot):
        pilot.app.navigation.start_review([HITLER, "zinoviev-letter"], "Typed drill", answer_mode="typed")
        await pilot.pause()
        await pilot.press(*TWO_POINTS, "enter")
        await pilot.pause()

    assert snap_compare(shipped_quiz_app(), run_before=run_before, terminal_size=SIZE)
