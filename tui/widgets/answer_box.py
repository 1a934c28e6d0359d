"""The typed-answer box: one line of text, at most `MAX_ANSWER_CHARS` characters, said on its border.

Textual's Input measures and draws its whole text at every key, so each key costs more the longer
the answer: a tester's 24,000 characters typed without bracketed paste froze the screen ~100 s while
the quiz clock ran on. An exam answer is a paragraph or two, never a chapter: at the cap, text that
does not fit is left out (a paste keeps what fits) and the border says so, rather than a bell.
"""

from __future__ import annotations

from textual.widgets import Input

MAX_ANSWER_CHARS = 4000  # ~600 words: more than any timed exam answer
AT_LIMIT = f"answer is at its limit ({MAX_ANSWER_CHARS:,} characters)"


class AnswerBox(Input):
    """An Input that keeps at most `MAX_ANSWER_CHARS` characters and shows `AT_LIMIT` when full."""

    def replace(self, text: str, start: int, end: int) -> None:
        # What fits of `text` goes in (Input would refuse the whole of a paste that is too long).
        value = self.value
        start, end = sorted((max(0, start), min(len(value), end)))
        room = MAX_ANSWER_CHARS - (len(value) - (end - start))
        if len(text) > room:
            text = text[: max(room, 0)]
            self.border_subtitle = AT_LIMIT  # said now, even when nothing more went in
        super().replace(text, start, end)

    def watch_value(self, value: str) -> None:
        # Shown while full (a restored draft too), gone once the student deletes some.
        self.border_subtitle = AT_LIMIT if len(value) >= MAX_ANSWER_CHARS else ""
