"""A Static that can draw what it will show next while the student is still reading (issue 18).

Drawing a widget's content into lines is most of what a frame costs in Textual: an answer's
frame drew the verdict box and two or three option rows, where a highlight move drew two rows.
What an answer will show is known before the key is pressed (the verdict says right or wrong;
each option's mark is one of a few), so the quiz draws those looks ahead, in idle time after
the question is drawn, and the answer's frame only places lines already drawn.

Lines drawn ahead are used only while they are what Textual would draw now: the same content
(by key), the same size, the same style (theme, classes) and no text selected in the widget;
otherwise the widget draws as any Static.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, VisualType, visualize
from textual.widgets import Static

MAX_AHEAD = 16  # looks kept per widget: a quiz option has at most four, a verdict two


class DrawnAhead(Static):
    """A Static with `draw_ahead(key, content)` and `show(key, content)`."""

    def __init__(
        self, content: VisualType = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(content, id=id, classes=classes)
        self._ahead: dict[Hashable, tuple[Size, Style, list[Strip]]] = {}
        self._shown_ahead: tuple[Size, list[Strip]] | None = (
            None  # the lines `render_line` gives, at that size
        )

    def draw_ahead(self, key: Hashable, content: VisualType) -> None:
        """Draw `content` into lines now, at the present size, for a later `show(key, content)`."""
        size, style = self.size, self.visual_style
        if not size or self.text_selection is not None:
            return
        drawn = self._ahead.get(key)
        if drawn is not None and drawn[0] == size and drawn[1] == style:
            return
        if len(self._ahead) >= MAX_AHEAD:
            self._ahead.clear()
        visual = visualize(self, content, markup=self._render_markup)
        self._ahead[key] = (size, style, Visual.to_strips(self, visual, size.width, size.height, style))

    def forget_ahead(self) -> None:
        """Drop the lines drawn ahead (their content will not be shown)."""
        self._ahead.clear()

    def show(self, key: Hashable, content: VisualType, *, layout: bool = False) -> None:
        """`update(content)`, drawn with the lines drawn ahead for `key` if they still fit."""
        self.update(content, layout=layout)
        drawn = self._ahead.get(key)
        if (
            drawn is not None
            and not layout
            and drawn[0] == self.size
            and drawn[1] == self.visual_style
            and self.text_selection is None
        ):
            self._shown_ahead = (drawn[0], drawn[2])

    @property
    def showing_drawn_ahead(self) -> bool:
        """The lines on screen are the ones drawn ahead (they are drawn as any Static's otherwise)."""
        return self._shown_ahead is not None and self._shown_ahead[0] == self.size

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        self._shown_ahead = None
        super().update(content, layout=layout)

    def render_line(self, y: int) -> Strip:
        shown = self._shown_ahead
        if shown is not None:
            size, lines = shown
            if size == self.size and self.text_selection is None:
                return lines[y] if y < len(lines) else Strip.blank(size.width, self.visual_style.rich_style)
            self._shown_ahead = None  # resized or selected since: drawn as any Static
        return super().render_line(y)
