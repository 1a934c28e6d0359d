"""The typed-answer box: one line of text, at most `MAX_ANSWER_CHARS` characters, said on its border.

Textual's Input measures and draws its whole text at every key, so each key costs more the longer
the answer: a tester's 24,000 characters typed without bracketed paste froze the screen ~100 s while
the quiz clock ran on. An exam answer is a paragraph or two, never a chapter: at the cap, text that
does not fit is left out (a paste keeps what fits) and the border says so, rather than a bell.

Enter sends the answer as it is at that key. Textual runs an Input's enter binding only once the key
has bubbled up to the app, after the box has taken the keys typed in the same instant ("winter⏎abc"
in one read of the terminal): those joined the answer sent. The box now sends at the key itself and
holds what follows until the screen has taken the answer (`take_held`), which then handles those
keys as if typed a moment later (type-ahead into the next answer's box).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

MAX_ANSWER_CHARS = 4000  # ~600 words: more than any timed exam answer
AT_LIMIT = f"answer is at its limit ({MAX_ANSWER_CHARS:,} characters)"


class AnswerBox(Input):
    """An Input that keeps at most `MAX_ANSWER_CHARS` characters and shows `AT_LIMIT` when full.

    Enter posts `Input.Submitted` with the text as it was at the key; keys and pastes that reach the
    box after it are held, not typed, until the screen handling the message calls `take_held`.
    """

    _held: list[events.Key | events.Paste] | None = None  # None: no answer sent and not yet taken

    def send(self) -> None:
        """Send the answer as it is now (enter): `Input.Submitted`, and hold what is typed after it."""
        self._held = []
        result = self.validate(self.value) if "submitted" in self.validate_on else None
        self.post_message(self.Submitted(self, self.value, result))

    def take_held(self) -> list[events.Key | events.Paste]:
        """The answer sent was taken: the keys and pastes that reached the box after its enter, in
        order (for the screen to handle now); the box types again."""
        held, self._held = self._held or [], None
        return held

    def type_text(self, text: str) -> None:
        """`text` typed at the cursor, replacing the selection, as a printable key or a paste does."""
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)

    async def _on_key(self, event: events.Key) -> None:
        if self._held is None and event.key != "enter":
            await super()._on_key(event)
            return
        # Handled here, in the order typed, not by the enter binding once the key has bubbled up.
        event.stop()
        event.prevent_default()
        if self._held is not None:
            self._held.append(event)
        else:
            self.send()

    def _on_paste(self, event: events.Paste) -> None:
        if self._held is None:
            super()._on_paste(event)
            return
        event.stop()
        self._held.append(event)

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
