"""The home dashboard and the global keys, driven through the Pilot."""

from __future__ import annotations

from tests.screen_text import screen_text


async def test_home_shows_deck_and_no_answers_yet(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Sample deck" in text
        assert "8 cards · 3 topics · 5 dated events" in text
        assert "no answers yet" in text


async def test_home_shows_recorded_progress(make_app, memory_store):
    memory_store.record_answer("sample", "rapallo", True, 4.0, "quiz")
    memory_store.record_answer("sample", "britain", False, 6.0, "quiz")
    session = memory_store.start_session("quiz", "sample", [])
    memory_store.finish_session(session, score=1, questions=2, duration=10.0)
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "50%" in text
        assert "2 of 8" in text
        assert "Timed quiz · 1/2" in text


async def test_home_lists_topics_weakest_first(make_app, memory_store):
    for card_id, right in [
        ("rapallo", True),
        ("britain", False),
        ("comintern", True),
        ("first-recognition", True),
    ]:
        memory_store.record_answer("sample", card_id, right, 4.0, "quiz")
    app = make_app(store=memory_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        start = lines.index("  Topics, weakest first")
        rows = lines[start + 1 : start + 4]
        assert [row.split("  ")[1] for row in rows] == ["Recognition", "Early diplomacy", "Road to war"]
        assert "50%" in rows[0] and "2 of 3 answered" in rows[0]
        assert "not started" in rows[2] and "0 of 3 answered" in rows[2]


async def test_home_topics_that_do_not_fit_are_counted(make_app, clock):
    from tui.core.deck import Card, Deck, Topic

    cards = [Card(f"c{n}", f"Topic {n:02d}", f"Question {n}?", "Answer") for n in range(14)]
    deck = Deck("many", "Many topics", [Topic(card.topic, (card.id,)) for card in cards], cards)
    app = make_app(deck=deck)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        shown = [n for n in range(14) if f"Topic {n:02d}" in text]
        assert shown == list(range(len(shown))) and 3 <= len(shown) < 14  # deck order while none started
        assert f"… {14 - len(shown)} more: t shows every topic" in text
        lines = text.splitlines()
        assert "w  Weak spots" in lines[-4] and "d  Your decks" in lines[-3]  # the menu is still in view


async def test_help_lists_the_home_keys_and_escape_closes_it(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for description in ("Topics", "Timed quiz", "Match the date", "Weak spots", "Quit"):
            assert description in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_small_terminal_is_told_politely(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert "at least 80×24" in screen_text(app)


async def test_theme_is_remembered(make_app, memory_store):
    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert memory_store.setting("theme") == "nord"
    again = make_app(store=memory_store)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_home_counts_an_answer_just_given_when_the_student_comes_back(make_app, memory_store):
    from tests.screens.test_quiz import wrong_key

    app = make_app(store=memory_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "none of 8 yet" in screen_text(app)
        await pilot.press("q", "enter")  # the setup's defaults: a practice quiz
        await pilot.pause()
        await pilot.press(wrong_key(app))
        await pilot.pause()
        await pilot.press("escape", "y")  # leave: the one answer stays recorded
        app.writer.wait_until_saved()
        await pilot.pause()
        text = screen_text(app)
        assert type(app.screen).__name__ == "HomeScreen"
        assert "1 of 8 (1 answer" in text and "Weak spots  1 question" in text
        assert "Timed quiz · 0/1" in text
        # Weak spots and back: home is the one already drawn, and still says what is stored.
        await pilot.press("w")
        await pilot.pause()
        assert "1 answered question" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "1 of 8 (1 answer" in text and "Weak spots  1 question" in text


def _styles(screen) -> list[tuple[str, object, object]]:
    """Every widget's colours as drawn: what a restyle could change."""
    return [(repr(node), node.rich_style, node.styles.background) for node in screen.walk_children()]


async def test_home_shown_again_is_styled_as_a_fresh_restyle_would_style_it(make_app):
    """Home keeps its styles when it comes back unchanged, and takes a theme or focus change made meanwhile."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        for away in (
            lambda: None,  # nothing changed while away
            lambda: setattr(app, "theme", "textual-light"),  # the palette's theme, chosen on topics
            lambda: setattr(app, "app_focus", False),  # the terminal lost focus meanwhile
            lambda: setattr(app, "theme", "nord"),
        ):
            await pilot.press("t")
            await pilot.pause()
            away()
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is home
            kept = _styles(home)
            home.update_node_styles(animate=False)  # what Textual's restyle on every return gives
            await pilot.pause()
            assert kept == _styles(home)


async def test_a_section_shown_before_comes_back_without_textuals_50_ms_hold(make_app, monkeypatch):
    """Textual holds frames 50 ms on a mode switch to hide a screen being composed: only a first visit needs it."""
    from textual.app import App

    held: list[str] = []
    original = App.delay_update

    def delay_update(app, delay: float = 0.05) -> None:
        held.append(app.current_mode)
        original(app, delay)

    monkeypatch.setattr(App, "delay_update", delay_update)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")  # topics for the first time: composed now, hidden meanwhile
        await pilot.pause()
        assert held == ["home"]
        await pilot.press("escape")  # home was drawn before
        await pilot.pause()
        await pilot.press("t")  # and so was topics
        await pilot.pause()
        assert held == ["home"]
        assert "Mastery" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "Sample deck" in screen_text(app) and "Weak spots" in screen_text(app)


async def test_home_works_its_figures_out_once_at_start_though_the_library_is_written(make_app, monkeypatch):
    """Opening a deck writes its library record; home's figures do not depend on it (issue 18)."""
    from tui import core
    from tui.core.formats import load_deck
    from tui.paths import shipped_deck_path

    worked_out = []
    original = core.dashboard.figures_from_records

    def counted(*args):
        worked_out.append(args)
        return original(*args)

    monkeypatch.setattr(core.dashboard, "figures_from_records", counted)
    app = make_app(deck=load_deck(shipped_deck_path()))  # a deck from a file: the library records it
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.writer.wait_until_saved()
        await pilot.pause()
        assert app.context.progress.last_deck() is not None  # the library write landed
        assert len(worked_out) == 1
        assert "none of 29 yet" in screen_text(app) and "Last session" in screen_text(app)
