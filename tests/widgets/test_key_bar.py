"""The key bar shows exactly the keys that work now, as the screen's keys change back and forth."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from tests.screen_text import screen_lines
from tui.widgets.key_bar import KeyBar

ASKING = ("Choose", "Pause", "Undo")
ANSWERED = ("Next",)


class PhasedApp(App[None]):
    """Three keys while asking, one once answered: `t` toggles, as an answer and `next` do in a quiz."""

    BINDINGS = [
        Binding("1", "choose", "Choose"),
        Binding("p", "pause", "Pause"),
        Binding("u", "undo", "Undo"),
        Binding("enter", "next", "Next"),
        Binding("t", "answer_or_next", "Toggle", show=False),
    ]

    def __init__(self, bar: type[Footer]) -> None:
        super().__init__()
        self.bar = bar
        self.answered = False

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield self.bar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "pause", "undo"):
            return not self.answered
        if action == "next":
            return self.answered
        return True

    def action_answer_or_next(self) -> None:
        self.answered = not self.answered
        self.refresh_bindings()


async def bottom_line(app: PhasedApp, pilot) -> str:
    for _ in range(3):  # the bar follows a bindings change a frame later, as Textual's Footer does
        await pilot.pause()
    return screen_lines(app)[-1]


async def test_the_bar_follows_the_keys_both_ways_and_looks_as_textuals_footer():
    seen: dict[type, list[str]] = {}
    for bar in (KeyBar, Footer):
        app = PhasedApp(bar)
        async with app.run_test(size=(80, 5)) as pilot:
            lines = [await bottom_line(app, pilot)]
            for _ in range(4):
                await pilot.press("t")
                lines.append(await bottom_line(app, pilot))
        seen[bar] = lines
    lines = seen[KeyBar]
    for asking in lines[0::2]:
        assert all(word in asking for word in ASKING) and "Next" not in asking
    for answered in lines[1::2]:
        assert "Next" in answered and not any(word in answered for word in ASKING)
    assert lines == seen[Footer]  # the same line, character for character
