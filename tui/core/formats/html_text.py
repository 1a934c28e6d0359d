"""Anki/Quizlet field markup to plain text with its structure kept.

One converter (the standard library's `html.parser`, never regular expressions
over HTML): block elements and `<br>` become lines, list items bullets, table
rows lines with their cells joined by " | ", entities decoded, `<img>` and
`[sound:...]` visible placeholders (`[image: pact.jpg]`, `[audio]`) that
marking can drop with `without_placeholders`. Control characters and
terminal escape sequences never survive (`safe_text.strip_controls`).
"""

from __future__ import annotations

import re
from html.entities import name2codepoint
from html.parser import HTMLParser

from tui.core.formats.safe_text import strip_controls

AUDIO = "[audio]"
_SOUND = re.compile(r"\[sound:[^\]\n]*\]")
_PLACEHOLDER = re.compile(r"\[image: [^\]\n]*\]|\[audio\]")
_DECLARATION = re.compile(r"<(?=[!?])")
_KNOWN_TAGS = (
    "a|b|i|u|s|em|strong|span|font|div|p|br|hr|img|ul|ol|li|table|thead|tbody|tfoot|tr|td|th|"
    "h[1-6]|sup|sub|blockquote|pre|code|small|big|strike|del|ins|mark|center|section|article|"
    "header|footer|style|script|anki-mathjax|ruby|rt|rp|label|dl|dt|dd|caption|col|colgroup|audio|video|source"
)
_HTML_TAG = re.compile(rf"</?(?:{_KNOWN_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCKS = frozenset(
    [
        "div",
        "p",
        "ul",
        "ol",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "center",
        "dl",
        "dt",
        "dd",
        "caption",
    ]
)
_SKIPPED = frozenset({"script", "style", "head", "title"})
_CELL_SEPARATOR = " | "
_BULLET = "• "


def looks_like_html(text: str) -> bool:
    """True when `text` holds a known HTML tag or a named/numbered entity (`&nbsp;`, `&#39;`)."""
    if _HTML_TAG.search(text):
        return True
    for match in _ENTITY.finditer(text):
        name = match.group(1)
        if name.startswith("#") or name in name2codepoint:
            return True
    return False


def field_text(value: str, is_html: bool | None) -> str:
    """A field as the student will see it.

    `is_html` True: converted as HTML; False: kept literally (only sound tags
    become placeholders); None (no `#html` header): converted when it holds a
    known tag or entity (`looks_like_html`), else kept. Always control-free,
    lines right-stripped, at most one blank line in a row.
    """
    if "<" not in value and "&" not in value:  # nothing to convert: skip the parser
        text = _SOUND.sub(AUDIO, value) if "[sound:" in value else value
        return tidy_lines(strip_controls(text))
    if is_html or (is_html is None and looks_like_html(value)):
        text = html_to_text(value)
    else:
        text = _SOUND.sub(AUDIO, value)
    return tidy_lines(strip_controls(text))


def html_to_text(markup: str) -> str:
    """HTML to plain text with its structure kept as lines (see module doc). Never raises."""
    markup = _SOUND.sub(AUDIO, markup)
    try:
        return _parsed(markup)
    except AssertionError:  # html.parser asserts on odd declarations ("<![x"): read them as text
        return _parsed(_DECLARATION.sub("&lt;", markup))


def _parsed(markup: str) -> str:
    parser = _TextParser()
    parser.feed(markup)
    if parser.rawdata.startswith(("<!", "<?")):  # an unclosed comment hides the rest, as in a browser
        parser.rawdata = ""
    parser.close()
    return tidy_lines(parser.text())


def tidy_lines(text: str) -> str:
    """Lines right-stripped, runs of blank lines cut to one, white space at both ends dropped."""
    lines = [line.rstrip() for line in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def without_placeholders(text: str) -> str:
    """`text` with the `[image: ...]` and `[audio]` placeholders removed, for marking typed answers."""
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def has_placeholders(text: str) -> bool:
    """True when `text` shows a picture or a sound (`[image: ...]`, `[audio]`)."""
    return ("[image: " in text or AUDIO in text) and bool(_PLACEHOLDER.search(text))


def only_placeholders(text: str) -> bool:
    """True when `text` has placeholders but no words: an image- or sound-only field."""
    return bool(_PLACEHOLDER.search(text)) and not without_placeholders(text)


class _TextParser(HTMLParser):
    """Collects text as lines; block ends start a new line without leaving blank ones."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skip_depth = 0
        self.row_cells = 0

    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in self.lines)

    def _break(self, force: bool = False) -> None:
        if force or self.lines[-1].strip():
            self.lines.append("")

    def _write(self, text: str) -> None:
        if self.skip_depth:
            return
        # A literal newline starts a line (Anki's exports write <br>, so a newline is meant),
        # but never a blank one: that is what <br> or <p> are for.
        for index, part in enumerate(text.replace("\xa0", " ").split("\n")):
            if index:
                self._break()
            self.lines[-1] += part

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag == "br":
            self._break(force=True)
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            name = source.rsplit("/", 1)[-1] or "picture"
            # a word-break on either side: "1937[image: x.jpg]" read as one word
            before = " " if self.lines[-1] and not self.lines[-1][-1].isspace() else ""
            self._write(f"{before}[image: {strip_controls(name).replace(']', ')')}] ")
        elif tag == "li":
            self._break()
            self._write(_BULLET)
        elif tag in ("td", "th"):
            if self.row_cells:
                self._write(_CELL_SEPARATOR)
            self.row_cells += 1
        elif tag == "tr":
            self._break()
            self.row_cells = 0
        elif tag in _BLOCKS:
            self._break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "li" or tag in _BLOCKS:
            if tag == "tr":
                self.row_cells = 0
            self._break()

    def handle_data(self, data: str) -> None:
        self._write(data)
