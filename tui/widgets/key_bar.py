"""The key bar at the bottom of every screen: Textual's Footer, redrawn in place.

Textual's Footer throws away and rebuilds every key widget each time a screen's bindings
may have changed (a key pressed, the focus moved, a screen resumed), even when the keys it
shows are the same. A quiz changes its keys with every answer, so that rebuild was most of
what an answer cost. `KeyBar` draws the same widgets the same way, and on a change of
bindings works out what it would show: nothing if that is what it shows already, else it
updates the key widgets it has (mounting one more only when the screen shows more keys).
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE_CLASS = "-command-palette"


class Key(NamedTuple):
    """One key as the bar shows it."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


class Keys(NamedTuple):
    """Everything the bar shows: the keys in order, and the command palette's key on the right."""

    keys: tuple[Key, ...]
    palette: Key | None


class KeyBar(Footer):
    """Textual's Footer (same look, same mouse clicks) that only redraws the keys that changed."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Keys | None = None  # what the key widgets show now (None: Footer's own compose)
        self._key_widgets: list[FooterKey] = []
        self._palette_widget: FooterKey | None = None
        self._recomposing = False  # a rebuild is on its way: it will show the keys of its moment

    def _wanted(self) -> Keys | None:
        """What the bar should show now, as Footer.compose would; None for grouped keys (Footer's layout)."""
        first: dict[str, Key] = {}  # by action: a second key for the same action is not shown
        app = self.app
        active = self.screen.active_bindings
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
            first.setdefault(
                binding.action,
                Key(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    not enabled,
                    tooltip,
                ),
            )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = Key(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    not enabled,
                    binding.tooltip or binding.description,
                )
        return Keys(tuple(first.values()), palette)

    def compose(self) -> ComposeResult:
        self._recomposing = False
        self._key_widgets, self._palette_widget = [], None
        wanted = self._wanted() if self._bindings_ready else None
        self._shown = wanted
        if wanted is None:
            yield from super().compose()
            return
        for key in wanted.keys:
            widget = self._key_widget(key)
            self._key_widgets.append(widget)
            yield widget
        if wanted.palette is not None:
            # As Footer: the palette's key is not bound to the bar's compact style.
            self._palette_widget = _footer_key(wanted.palette, PALETTE_CLASS)
            yield self._palette_widget

    def _key_widget(self, key: Key) -> FooterKey:
        # Born with the bar's compact style: no restyle of every key after mounting (~43 ms a start).
        widget = _footer_key(key, "-compact" if self.compact else "")
        widget.set_reactive(FooterKey.compact, self.compact)
        return widget.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._show_keys)

    async def _show_keys(self) -> None:
        """Show the keys the screen has now, touching only the widgets whose key changed."""
        if not self.is_attached or self._recomposing:
            return
        wanted = self._wanted()
        shown = self._shown
        if wanted == shown:
            return
        if wanted is None or shown is None or (wanted.palette is None) != (shown.palette is None):
            self._recomposing = True
            await self.recompose()  # as Footer does, in the same turn: no frame later than Footer's
            return
        self._shown = wanted
        widgets = self._key_widgets
        for index, key in enumerate(wanted.keys):
            if index < len(widgets):
                widget = widgets[index]
                if index >= len(shown.keys) or shown.keys[index] != key:
                    _update(widget, key)
                widget.display = True
            else:
                widget = self._key_widget(key)
                widgets.append(widget)
                self.mount(widget, before=self._palette_widget)
        for widget in widgets[len(wanted.keys) :]:
            widget.display = False  # kept for the next phase that shows more keys
        if self._palette_widget is not None and wanted.palette != shown.palette:
            assert wanted.palette is not None
            _update(self._palette_widget, wanted.palette)


def _footer_key(key: Key, classes: str = "") -> FooterKey:
    return FooterKey(
        key.key,
        key.display,
        key.description,
        key.action,
        disabled=key.disabled,
        tooltip=key.tooltip,
        classes=classes,
    )


def _update(widget: FooterKey, key: Key) -> None:
    """Make a key widget show `key`, as a new FooterKey(key) would."""
    widget.key, widget.key_display, widget.description, widget.action = (
        key.key,
        key.display,
        key.description,
        key.action,
    )
    widget._disabled = key.disabled
    widget.set_class(key.disabled, "-disabled")
    widget.tooltip = key.tooltip or None
    widget.refresh(layout=True)
